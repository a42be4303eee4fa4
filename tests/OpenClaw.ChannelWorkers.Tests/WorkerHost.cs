using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenClaw.ChannelWorkers.Pipeline;
using OpenClaw.ChannelWorkers.Discord;
using OpenClaw.ChannelWorkers.Slack;
using OpenClaw.ChannelWorkers.Telegram;
using OpenClaw.Contracts;
using OpenClaw.Contracts.Channels;
using StackExchange.Redis;

namespace OpenClaw.ChannelWorkers.Tests;

/// <summary>
/// A channel worker wired as Program.cs wires it (same extension methods, real Redis, real adapters), hosted
/// in the test process so a test can start, stop and inspect it.
/// </summary>
internal sealed class WorkerHost : IAsyncDisposable
{
    private readonly IHost _host;

    private WorkerHost(IHost host, string stateDir)
    {
        _host = host;
        StateDir = stateDir;
    }

    public string StateDir { get; }

    public IServiceProvider Services => _host.Services;

    public static async Task<WorkerHost> StartAsync(string channel, string redis, IDictionary<string, string?> config, string? stateDir = null)
    {
        stateDir ??= Directory.CreateTempSubdirectory("openclaw-worker-").FullName;
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["channel"] = channel,
            ["ConnectionStrings:redis"] = redis,
            ["ChannelWorkers:StateDir"] = stateDir,
            ["ChannelWorkers:ClaimIdleTime"] = "00:00:01",
            ["ChannelWorkers:RestartBaseDelay"] = "00:00:00.200",
            ["ChannelWorkers:StatusRefreshInterval"] = "00:00:01",
        });
        builder.Configuration.AddInMemoryCollection(config);
        builder.AddRedisClient("redis");
        builder.AddChannelPipeline();
        builder.AddTelegramChannel();
        builder.AddDiscordChannel();
        builder.AddSlackChannel();
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new WorkerHost(host, stateDir);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TimeSpan.FromSeconds(10));
        _host.Dispose();
    }
}

/// <summary>Reads and writes the channel streams as the gateway does.</summary>
internal static class Streams
{
    public static readonly StreamNames Names = new();

    public static async Task<IReadOnlyList<InboundMessage>> WaitForInboundAsync(IDatabase db, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var entries = await db.StreamRangeAsync(Names.Inbound);
            if (entries.Length >= count)
            {
                return [.. entries.Select(e => EnvelopeSerializer.Deserialize<InboundMessage>((byte[])e[ChannelMessageTypes.EnvelopeField]!).Payload)];
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"expected {count} inbound entries, found {entries.Length}");
            }

            await Task.Delay(50);
        }
    }

    public static Task<RedisValue> PublishAsync(IDatabase db, string channel, OutboundMessage message) =>
        db.StreamAddAsync(Names.Outbound(channel),
        [
            new NameValueEntry(ChannelMessageTypes.TypeField, ChannelMessageTypes.OutboundMessage),
            new NameValueEntry(ChannelMessageTypes.EnvelopeField, EnvelopeSerializer.Serialize(EnvelopeSerializer.Wrap(ChannelMessageTypes.OutboundMessage, message))),
        ]);

    public static Task<RedisValue> PublishActionAsync(IDatabase db, string channel, ChannelAction action) =>
        db.StreamAddAsync(Names.Outbound(channel),
        [
            new NameValueEntry(ChannelMessageTypes.TypeField, ChannelMessageTypes.OutboundAction),
            new NameValueEntry(ChannelMessageTypes.EnvelopeField, EnvelopeSerializer.Serialize(EnvelopeSerializer.Wrap(ChannelMessageTypes.OutboundAction, action))),
        ]);

    public static OutboundMessage Reply(string channel, string chatId, string text, string? threadId = null, string? replyTo = null, string? key = null, string account = "default") => new()
    {
        Target = new OutboundTarget { Channel = channel, AccountId = account, ChatId = chatId, ThreadId = threadId },
        Text = text,
        ReplyToMessageId = replyTo,
        IdempotencyKey = key ?? Guid.NewGuid().ToString("N"),
    };

    public static async Task<IReadOnlyList<DeadLetterEntry>> WaitForDeadLettersAsync(IDatabase db, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var entries = await db.StreamRangeAsync(Names.DeadLetter);
            if (entries.Length >= count)
            {
                return [.. entries.Select(e => JsonSerializer.Deserialize<Envelope<DeadLetterEntry>>((string)e[ChannelMessageTypes.EnvelopeField]!, EnvelopeSerializer.Options)!.Payload)];
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"expected {count} dead letters, found {entries.Length}");
            }

            await Task.Delay(50);
        }
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting until {what}");
            }

            await Task.Delay(50);
        }
    }
}
