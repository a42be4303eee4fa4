using System.Text.Json;
using OpenClaw.Contracts;
using OpenClaw.Contracts.Channels;
using OpenClaw.Fakes.Models;
using OpenClaw.Gateway.Channels;
using OpenClaw.Gateway.Tests.Infrastructure;
using OpenClaw.Testing;
using StackExchange.Redis;

namespace OpenClaw.Gateway.Tests.Channels;

/// <summary>
/// The gateway's channel side in a real gateway host with a real Redis and the fake model: inbound entry →
/// policy → route → turn → one reply on the outbound stream.
/// </summary>
public sealed class InboundFlowTests : IAsyncLifetime
{
    private static readonly StreamNames Names = new();
    private RedisServer _redis = null!;
    private ConnectionMultiplexer _connection = null!;
    private FakeModels _models = null!;

    private IDatabase Db => _connection.GetDatabase();

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _connection = await _redis.ConnectAsync();
        _models = await FakeModels.StartAsync();
        _models.OpenAi.DefaultReply = body => FakeModelReply.Text("the answer", chunks: 1);
    }

    public async ValueTask DisposeAsync()
    {
        await _models.DisposeAsync();
        await _connection.DisposeAsync();
        await _redis.DisposeAsync();
    }

    private Task<TestGateway> StartAsync(string extra) =>
        TestGateway.StartAsync(_models.Config(fallbacks: "", extra: extra), services =>
        {
            services.AddSingleton<IConnectionMultiplexer>(_connection);
            services.AddGatewayChannelServices(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["GatewayChannels:ClaimIdleTime"] = "00:00:02",
                ["GatewayChannels:SendTyping"] = "false",
            }).Build());
        });

    private static InboundMessage Message(string id, ChatType type = ChatType.Direct, string chat = "5151", string sender = "5151",
        string? thread = null, bool mentioned = false, string text = "question") => new()
    {
        Channel = "telegram", AccountId = "default", ChatType = type, ChatId = chat, ThreadId = thread,
        Sender = new InboundSender { Id = sender, Name = "Ada" }, Text = text, WasMentioned = mentioned,
        PlatformMessageId = id, ReceivedAt = DateTimeOffset.UtcNow,
    };

    private Task PublishAsync(InboundMessage message) =>
        Db.StreamAddAsync(Names.Inbound,
        [
            new NameValueEntry(ChannelMessageTypes.TypeField, ChannelMessageTypes.InboundMessage),
            new NameValueEntry(ChannelMessageTypes.EnvelopeField, EnvelopeSerializer.Serialize(EnvelopeSerializer.Wrap(ChannelMessageTypes.InboundMessage, message))),
        ]);

    private async Task<IReadOnlyList<OutboundMessage>> OutboundAsync(int atLeast)
    {
        IReadOnlyList<OutboundMessage> messages = [];
        await Poll.UntilAsync(async () =>
        {
            var entries = await Db.StreamRangeAsync(Names.Outbound("telegram"));
            messages = [.. entries.Where(e => e[ChannelMessageTypes.TypeField] == ChannelMessageTypes.OutboundMessage)
                .Select(e => EnvelopeSerializer.Deserialize<OutboundMessage>((byte[])e[ChannelMessageTypes.EnvelopeField]!).Payload)];
            return messages.Count >= atLeast;
        }, $"{atLeast} outbound messages", TimeSpan.FromSeconds(60));
        return messages;
    }

    private async Task WaitAllAckedAsync()
    {
        await Poll.UntilAsync(async () =>
        {
            try
            {
                var pending = await Db.StreamPendingAsync(Names.Inbound, "gateway");
                var length = await Db.StreamLengthAsync(Names.Inbound);
                var info = await Db.StreamGroupInfoAsync(Names.Inbound);
                return pending.PendingMessageCount == 0 && info.All(g => g.EntriesRead == length);
            }
            catch (RedisServerException)
            {
                return false;
            }
        }, "every inbound entry acknowledged", TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task A_binding_routes_a_group_topic_to_its_agent_and_the_reply_goes_back_to_the_topic()
    {
        await using var gateway = await StartAsync("""
            agents: { defaults: { model: 'fakeai/gpt-test' }, list: [ { id: 'main', default: true }, { id: 'work' } ] },
            bindings: [ { agentId: 'work', match: { channel: 'telegram', peer: { kind: 'group', id: '-1001234' } } } ],
            channels: { telegram: { groupPolicy: 'open', replyToMode: 'first' } },
            """);

        await PublishAsync(Message("-1001234:15", ChatType.Group, chat: "-1001234", sender: "55", thread: "77", mentioned: true));

        var reply = Assert.Single(await OutboundAsync(1));
        Assert.Equal("the answer", reply.Text);
        Assert.Equal(("telegram", "default", "-1001234", "77"), (reply.Target.Channel, reply.Target.AccountId, reply.Target.ChatId, reply.Target.ThreadId));
        Assert.Equal("-1001234:15", reply.ReplyToMessageId);
        var sessions = await File.ReadAllTextAsync(Path.Combine(gateway.Home.SessionsDir("work"), "sessions.json"), TestContext.Current.CancellationToken);
        Assert.Contains("agent:work:telegram:group:-1001234:topic:77", sessions, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_platform_message_delivered_twice_is_answered_once()
    {
        await using var gateway = await StartAsync("channels: { telegram: { dmPolicy: 'open', allowFrom: ['*'] } },");

        await PublishAsync(Message("5151:1"));
        await OutboundAsync(1);
        await PublishAsync(Message("5151:1"));
        await PublishAsync(Message("5151:2"));

        await OutboundAsync(2);
        await WaitAllAckedAsync();
        var replies = await OutboundAsync(2);
        Assert.Equal(2, replies.Count);
        Assert.Equal(["reply:telegram:default:5151:1", "reply:telegram:default:5151:2"], replies.Select(r => r.IdempotencyKey));
        Assert.Equal(1, gateway.Get<InboundTurnHandler>().Counters.DuplicatesSkipped);
    }

    [Fact]
    public async Task Unmentioned_group_messages_and_disabled_dms_get_no_agent_and_no_reply()
    {
        await using var gateway = await StartAsync("channels: { telegram: { dmPolicy: 'disabled', groups: { '*': { requireMention: true } } } },");

        await PublishAsync(Message("5151:1"));
        await PublishAsync(Message("-100:1", ChatType.Group, chat: "-100", sender: "7"));
        await PublishAsync(Message("-100:2", ChatType.Group, chat: "-100", sender: "7", mentioned: true));

        Assert.Equal("-100", Assert.Single(await OutboundAsync(1)).Target.ChatId);
        await WaitAllAckedAsync();
        Assert.Single(await OutboundAsync(1));
        Assert.Equal(2, gateway.Get<InboundTurnHandler>().Counters.Dropped);
        Assert.Single(_models.OpenAi.Requests);
    }

    [Fact]
    public async Task Approving_with_notify_tells_the_sender_and_their_next_message_reaches_the_agent()
    {
        await using var gateway = await StartAsync("channels: { telegram: { } },");

        await PublishAsync(Message("5151:1"));
        var pairingReply = Assert.Single(await OutboundAsync(1));
        var code = System.Text.RegularExpressions.Regex.Match(pairingReply.Text!, "Pairing code: (\\w{8})").Groups[1].Value;
        var service = gateway.Get<ChannelPairingService>();
        Assert.Equal(code, Assert.Single((await service.ListAsync("telegram", TestContext.Current.CancellationToken)).Requests).Code);

        var approved = await service.ApproveAsync("telegram", code, notify: true, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("5151", approved.Id);
        await PublishAsync(Message("5151:2"));

        var replies = await OutboundAsync(3);
        Assert.Equal(ChannelPairingService.ApprovedText, replies[1].Text);
        Assert.Equal("the answer", replies[2].Text);
        Assert.DoesNotContain(_models.OpenAi.Requests, r => r.ToJsonString().Contains("Pairing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Malformed_entries_go_to_the_dead_letter_stream_and_status_reads_worker_hashes()
    {
        await using var gateway = await StartAsync("channels: { telegram: { dmPolicy: 'open', allowFrom: ['*'] } },");
        await Db.StreamAddAsync(Names.Inbound, [new NameValueEntry("type", ChannelMessageTypes.InboundMessage), new NameValueEntry("envelope", "{\"v\":1,")]);
        await Db.HashSetAsync(Names.ChannelStatus("telegram", "default"),
            [new HashEntry("connected", "true"), new HashEntry("mode", "polling"), new HashEntry("botUsername", "mybot"), new HashEntry("restarts", "2")]);

        await Poll.UntilAsync(async () => await Db.StreamLengthAsync(Names.DeadLetter) == 1, "a dead letter", TimeSpan.FromSeconds(30));
        var status = await gateway.Get<ChannelStatusService>().GetAsync(TestContext.Current.CancellationToken);

        var telegram = status.Channels["telegram"];
        Assert.True(telegram.Connected);
        Assert.Equal(("polling", "mybot", 2), (telegram.Accounts["default"].Mode, telegram.Accounts["default"].Bot, telegram.Accounts["default"].Restarts));
        Assert.Equal(1, status.DeadLetters);
        var dead = JsonSerializer.Deserialize<Envelope<DeadLetterEntry>>((string)(await Db.StreamRangeAsync(Names.DeadLetter))[0]["envelope"]!, EnvelopeSerializer.Options)!;
        Assert.Contains("not a valid envelope", dead.Payload.Reason, StringComparison.Ordinal);
    }
}
