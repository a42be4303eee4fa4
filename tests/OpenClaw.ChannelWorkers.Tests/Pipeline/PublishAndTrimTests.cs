using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenClaw.ChannelWorkers.Pipeline;
using OpenClaw.Contracts;
using OpenClaw.Contracts.Channels;
using OpenClaw.Testing;
using StackExchange.Redis;

namespace OpenClaw.ChannelWorkers.Tests.Pipeline;

/// <summary>
/// The worker's side of "nothing lost, nothing twice" against a real Redis: trimming never deletes a reply not
/// yet sent, and publishing one platform message again (a retry after a lost answer, or updates read again after
/// a crash) adds it to the inbound stream once.
/// </summary>
public sealed class PublishAndTrimTests : IAsyncLifetime
{
    private static readonly StreamNames Names = new();
    private RedisServer _redis = null!;
    private ConnectionMultiplexer _connection = null!;

    private IDatabase Db => _connection.GetDatabase();

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _connection = await ConnectionMultiplexer.ConnectAsync($"{_redis.ConnectionString},allowAdmin=true");
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _redis.DisposeAsync();
    }

    private static IOptions<ChannelWorkerOptions> Options(int maxLength, TimeSpan maxAge) => Microsoft.Extensions.Options.Options.Create(
        new ChannelWorkerOptions { Channel = "telegram", StreamMaxLength = maxLength, StreamMaxAge = maxAge });

    [Fact]
    public async Task Trimming_by_length_and_age_keeps_every_reply_not_yet_sent()
    {
        // Small stream nodes, so approximate trimming (whole nodes only) has something to remove.
        await _connection.GetServer(_redis.ConnectionString).ConfigSetAsync("stream-node-max-entries", 2);
        var stream = Names.Outbound("telegram");
        var group = StreamNames.ChannelGroup("telegram");
        var ids = new List<RedisValue>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add(await Db.StreamAddAsync(stream, "n", i));
        }

        await Db.StreamCreateConsumerGroupAsync(stream, group, "0-0");
        var read = await Db.StreamReadGroupAsync(stream, group, "worker-1", ">", count: 10);
        Assert.Equal(10, read.Length);
        await Db.StreamAcknowledgeAsync(stream, group, [.. ids.Take(6)]);

        // Everything is older than the max age and far over the max length: only sent entries may go.
        var trimmer = new StreamTrimmer(_connection, Options(maxLength: 2, maxAge: TimeSpan.Zero), TimeProvider.System, NullLogger<StreamTrimmer>.Instance);
        await trimmer.TrimOnceAsync();

        var left = (await Db.StreamRangeAsync(stream)).Select(e => (int)e["n"]).ToList();
        Assert.Equal(Enumerable.Range(6, 14), left.Where(n => n >= 6));
        Assert.True(left.Count < 20, $"the sent entries were not trimmed: {string.Join(",", left)}");
    }

    [Fact]
    public async Task Publishing_the_same_platform_message_again_adds_it_once()
    {
        var publisher = new InboundPublisher(_connection, Options(100_000, TimeSpan.FromHours(24)), NullLogger<InboundPublisher>.Instance);
        InboundMessage Message(string id, string text) => new()
        {
            Channel = "telegram", AccountId = "default", ChatType = ChatType.Direct, ChatId = "42",
            Sender = new InboundSender { Id = "42", Name = "Ada" }, Text = text, PlatformMessageId = id, ReceivedAt = DateTimeOffset.UtcNow,
        };

        await publisher.PublishAsync(Message("42:1", "first"), TestContext.Current.CancellationToken);
        await publisher.PublishAsync(Message("42:1", "first, read again"), TestContext.Current.CancellationToken);
        await publisher.PublishAsync(Message("42:2", "second"), TestContext.Current.CancellationToken);

        var texts = (await Streams.WaitForInboundAsync(Db, 2)).Select(m => m.Text);
        Assert.Equal(["first", "second"], texts);
        Assert.Equal(2, await Db.StreamLengthAsync(Names.Inbound));
    }
}
