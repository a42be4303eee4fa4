using OpenClaw.Contracts;
using OpenClaw.Contracts.Channels;
using OpenClaw.Fakes.Models;
using OpenClaw.Gateway.Channels;
using OpenClaw.Gateway.Tests.Infrastructure;
using OpenClaw.Testing;
using StackExchange.Redis;

namespace OpenClaw.Gateway.Tests.Channels;

/// <summary>
/// Nothing lost on the gateway's side of the channels when Redis stalls or restarts exactly while a turn
/// finishes, and the inbound stream is trimmed without losing entries nobody has answered yet.
/// </summary>
public sealed class InboundReliabilityTests : IAsyncLifetime
{
    private static readonly StreamNames Names = new();
    private RedisServer _redis = null!;
    private ConnectionMultiplexer _connection = null!;
    private FakeModels _models = null!;

    private IDatabase Db => _connection.GetDatabase();

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServer.StartAsync(appendOnly: true);
        _connection = await _redis.ConnectAsync();
        _models = await FakeModels.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _models.DisposeAsync();
        await _connection.DisposeAsync();
        await _redis.DisposeAsync();
    }

    private Task<TestGateway> StartAsync(IConnectionMultiplexer gatewayRedis, Dictionary<string, string?>? settings = null) =>
        TestGateway.StartAsync(_models.Config(fallbacks: "", extra: "channels: { telegram: { dmPolicy: 'open', allowFrom: ['*'] } },"), services =>
        {
            services.AddSingleton<IConnectionMultiplexer>(gatewayRedis);
            var values = new Dictionary<string, string?>
            {
                ["GatewayChannels:ClaimIdleTime"] = "00:00:02",
                ["GatewayChannels:SendTyping"] = "false",
            };
            foreach (var (key, value) in settings ?? [])
            {
                values[key] = value;
            }

            services.AddGatewayChannelServices(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        });

    private static InboundMessage Message(string id, string text = "question") => new()
    {
        Channel = "telegram", AccountId = "default", ChatType = ChatType.Direct, ChatId = "5151",
        Sender = new InboundSender { Id = "5151", Name = "Ada" }, Text = text, PlatformMessageId = id, ReceivedAt = DateTimeOffset.UtcNow,
    };

    private Task<RedisValue> PublishAsync(InboundMessage message) =>
        Db.StreamAddAsync(Names.Inbound,
        [
            new NameValueEntry(ChannelMessageTypes.TypeField, ChannelMessageTypes.InboundMessage),
            new NameValueEntry(ChannelMessageTypes.EnvelopeField, EnvelopeSerializer.Serialize(EnvelopeSerializer.Wrap(ChannelMessageTypes.InboundMessage, message))),
        ]);

    private async Task<long> PendingAsync()
    {
        try
        {
            return (await Db.StreamPendingAsync(Names.Inbound, StreamNames.GatewayGroup)).PendingMessageCount;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return -1; // no group yet, or Redis is still stalled
        }
    }

    [Fact]
    public async Task A_turn_that_finishes_while_redis_stalls_is_still_answered()
    {
        // Redis stalls for 15 s from just before the model answers, so the turn finishes inside the stall; the
        // gateway's client gives up on a pre-condition after 1 s but waits up to 60 s for a command.
        await using var gatewayRedis = await ConnectionMultiplexer.ConnectAsync(
            $"{_redis.ConnectionString},abortConnect=false,syncTimeout=1000,asyncTimeout=60000");
        var modelAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var release = new ManualResetEventSlim();
        _models.OpenAi.DefaultReply = _ =>
        {
            modelAsked.TrySetResult();
            release.Wait(TimeSpan.FromSeconds(60));
            return FakeModelReply.Text("the answer", chunks: 1);
        };
        await using var gateway = await StartAsync(gatewayRedis);

        await PublishAsync(Message("5151:1"));
        await modelAsked.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        await using (var admin = await ConnectionMultiplexer.ConnectAsync($"{_redis.ConnectionString},allowAdmin=true"))
        {
            await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "15000", "ALL");
        }

        release.Set();

        // Acknowledged only together with the reply: a finish that could not check "already answered?" in
        // time must be retried, never taken for a duplicate.
        await Poll.UntilAsync(async () => await PendingAsync() == 0, "the entry acknowledged", TimeSpan.FromSeconds(90));
        var outbound = await Db.StreamRangeAsync(Names.Outbound("telegram"));
        var reply = EnvelopeSerializer.Deserialize<OutboundMessage>((byte[])Assert.Single(outbound)[ChannelMessageTypes.EnvelopeField]!).Payload;
        Assert.Equal("the answer", reply.Text);
        Assert.True(await Db.KeyExistsAsync(Names.Seen("telegram", "default", "5151:1")));
        Assert.Equal(0, gateway.Get<InboundTurnHandler>().Counters.DuplicatesSkipped);
    }
}
