using System.Text.Json.Nodes;
using OpenClaw.Contracts;
using OpenClaw.Contracts.Channels;
using OpenClaw.Gateway.Channels;
using OpenClaw.Gateway.Tests.Infrastructure;
using OpenClaw.Gateway.Tests.Protocol;
using OpenClaw.Testing;
using StackExchange.Redis;

namespace OpenClaw.Gateway.Tests.Channels;

/// <summary>
/// The channel methods over the WebSocket protocol, on a real gateway with a real Redis: DM pairing
/// (<c>pairing.*</c> and <c>pairing.requested</c>), <c>send</c> and the live <c>channels.status</c>. Inbound
/// messages are published to the inbound stream the way a worker publishes them.
/// </summary>
public sealed class ChannelProtocolTests : IAsyncLifetime
{
    private static readonly StreamNames Names = new();
    private RedisServer _redis = null!;
    private ConnectionMultiplexer _connection = null!;

    private IDatabase Db => _connection.GetDatabase();

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _connection = await ConnectionMultiplexer.ConnectAsync($"{_redis.ConnectionString},abortConnect=false,connectTimeout=2000,syncTimeout=2000,asyncTimeout=2000");
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _redis.DisposeAsync();
    }

    private Task<ProtocolGateway> StartAsync(string channelsJson5) =>
        ProtocolGateway.StartAsync(withModel: true, extraJson5: channelsJson5, configure: builder =>
        {
            builder.Services.AddSingleton<IConnectionMultiplexer>(_connection);
            builder.Services.AddGatewayChannelServices(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["GatewayChannels:ClaimIdleTime"] = "00:00:02",
                ["GatewayChannels:SendTyping"] = "false",
            }).Build());
        });

    private static InboundMessage Direct(string platformId, string sender, string text) => new()
    {
        Channel = "telegram", AccountId = "default", ChatType = ChatType.Direct, ChatId = sender,
        Sender = new InboundSender { Id = sender, Name = "Ada" }, Text = text, PlatformMessageId = platformId, ReceivedAt = DateTimeOffset.UtcNow,
    };

    private Task PublishAsync(InboundMessage message) =>
        Db.StreamAddAsync(Names.Inbound,
        [
            new NameValueEntry(ChannelMessageTypes.TypeField, ChannelMessageTypes.InboundMessage),
            new NameValueEntry(ChannelMessageTypes.EnvelopeField, EnvelopeSerializer.Serialize(EnvelopeSerializer.Wrap(ChannelMessageTypes.InboundMessage, message))),
        ]);

    private async Task<IReadOnlyList<OutboundMessage>> OutboundAsync(int atLeast, string channel = "telegram")
    {
        IReadOnlyList<OutboundMessage> messages = [];
        await Poll.UntilAsync(async () =>
        {
            messages = await ReadOutboundAsync(channel);
            return messages.Count >= atLeast;
        }, $"{atLeast} outbound messages", TimeSpan.FromSeconds(60));
        return messages;
    }

    private async Task<IReadOnlyList<OutboundMessage>> ReadOutboundAsync(string channel) =>
    [
        .. (await Db.StreamRangeAsync(Names.Outbound(channel)))
            .Where(e => e[ChannelMessageTypes.TypeField] == ChannelMessageTypes.OutboundMessage)
            .Select(e => EnvelopeSerializer.Deserialize<OutboundMessage>((byte[])e[ChannelMessageTypes.EnvelopeField]!).Payload),
    ];

    private static string CodeIn(string text) => System.Text.RegularExpressions.Regex.Match(text, "Pairing code: (\\w{8})").Groups[1].Value;

    private static string ErrorCode(JsonObject response) => (string?)response["error"]?["code"] ?? $"ok: {response.ToJsonString()}";

    [Fact]
    public async Task An_operator_sees_the_request_live_approves_it_with_notify_and_the_sender_then_reaches_the_agent_until_revoked()
    {
        await using var gateway = await StartAsync("channels: { telegram: { dmPolicy: 'pairing' } },");
        await using var owner = await gateway.ConnectCliAsync("operator.pairing");

        await PublishAsync(Direct("5151:1", "5151", "let me in"));

        var requested = await owner.NextAsync(f => (string?)f["event"] == "pairing.requested", TimeSpan.FromSeconds(60));
        var code = (string)requested["payload"]!["code"]!;
        Assert.Equal("telegram", (string?)requested["payload"]!["channel"]);
        Assert.Equal("5151", (string?)requested["payload"]!["id"]);
        Assert.Equal(code, CodeIn(Assert.Single(await OutboundAsync(1)).Text!));

        var list = (await owner.CallAsync("pairing.list", new JsonObject { ["channel"] = "telegram" }))["payload"]!;
        var pending = Assert.Single(list["requests"]!.AsArray())!;
        Assert.Equal((code, "5151", "telegram", "default"), ((string)pending["code"]!, (string)pending["id"]!, (string)pending["channel"]!, (string)pending["meta"]!["accountId"]!));
        Assert.NotNull(pending["createdAt"]);
        Assert.Empty(list["allowFrom"]!.AsArray());

        var approved = await owner.CallAsync("pairing.approve", new JsonObject { ["channel"] = "telegram", ["code"] = code.ToLowerInvariant(), ["notify"] = true });
        Assert.True((bool?)approved["ok"], approved.ToJsonString());
        Assert.Equal(("telegram", "5151", "default", true), ((string)approved["payload"]!["channel"]!, (string)approved["payload"]!["id"]!,
            (string)approved["payload"]!["accountId"]!, (bool)approved["payload"]!["approved"]!));
        var notice = (await OutboundAsync(2))[1];
        Assert.Equal((ChannelPairingService.ApprovedText, "5151"), (notice.Text, notice.Target.ChatId));

        list = (await owner.CallAsync("pairing.list"))["payload"]!;
        Assert.Empty(list["requests"]!.AsArray());
        var allowed = Assert.Single(list["allowFrom"]!.AsArray())!;
        Assert.Equal(("telegram", "default", "5151"), ((string)allowed["channel"]!, (string)allowed["accountId"]!, (string)allowed["id"]!));
        var allowFile = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(gateway.Home.StateDir, "credentials", "telegram-allowFrom.json"), TestContext.Current.CancellationToken))!;
        Assert.Equal("5151", (string?)allowFile["allowFrom"]![0]);

        await PublishAsync(Direct("5151:2", "5151", "hello agent"));
        Assert.Equal("echo: hello agent", (await OutboundAsync(3))[2].Text);

        var revoked = await owner.CallAsync("pairing.revoke", new JsonObject { ["channel"] = "telegram", ["id"] = "5151" });
        Assert.Equal(("5151", true), ((string)revoked["payload"]!["id"]!, (bool)revoked["payload"]!["revoked"]!));
        await PublishAsync(Direct("5151:3", "5151", "still there?"));
        var again = (await OutboundAsync(4))[3];
        Assert.Contains("Pairing code:", again.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(gateway.Model!.Requests, r => r.ToJsonString().Contains("still there?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rejected_and_unknown_codes_and_channels_are_refused_with_a_message_naming_them_and_readers_may_not_pair()
    {
        await using var gateway = await StartAsync("channels: { telegram: { dmPolicy: 'pairing' } },");
        await using var owner = await gateway.ConnectCliAsync("operator.pairing");
        await using var reader = await gateway.ConnectCliAsync("operator.read");

        await PublishAsync(Direct("6161:1", "6161", "hi"));
        var code = CodeIn(Assert.Single(await OutboundAsync(1)).Text!);

        var refused = await reader.CallAsync("pairing.approve", new JsonObject { ["channel"] = "telegram", ["code"] = code });
        Assert.Equal("FORBIDDEN", ErrorCode(refused));
        Assert.Equal("missing scope: operator.pairing", (string?)refused["error"]!["message"]);
        Assert.Equal("FORBIDDEN", ErrorCode(await reader.CallAsync("pairing.list")));

        var rejected = await owner.CallAsync("pairing.reject", new JsonObject { ["channel"] = "telegram", ["code"] = code });
        Assert.Equal(("telegram", "6161", true), ((string)rejected["payload"]!["channel"]!, (string)rejected["payload"]!["id"]!, (bool)rejected["payload"]!["rejected"]!));
        Assert.Empty((await owner.CallAsync("pairing.list", new JsonObject { ["channel"] = "telegram" }))["payload"]!["requests"]!.AsArray());

        var stale = await owner.CallAsync("pairing.approve", new JsonObject { ["channel"] = "telegram", ["code"] = code });
        Assert.Equal("INVALID_REQUEST", ErrorCode(stale));
        Assert.Contains($"unknown pairing code {code}", (string?)stale["error"]!["message"], StringComparison.Ordinal);

        var unknownChannel = await owner.CallAsync("pairing.list", new JsonObject { ["channel"] = "signal" });
        Assert.Equal("INVALID_REQUEST", ErrorCode(unknownChannel));
        Assert.Contains("unknown channel: signal (configured channels: telegram", (string?)unknownChannel["error"]!["message"], StringComparison.Ordinal);

        var notApproved = await owner.CallAsync("pairing.revoke", new JsonObject { ["channel"] = "telegram", ["id"] = "6161" });
        Assert.Equal("INVALID_REQUEST", ErrorCode(notApproved));
        Assert.Contains("6161 is not an approved telegram sender", (string?)notApproved["error"]!["message"], StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(gateway.Home.StateDir, "credentials", "telegram-allowFrom.json")));
    }

    [Fact]
    public async Task Send_queues_text_and_media_once_per_idempotency_key_and_refuses_what_it_cannot_deliver()
    {
        await using var gateway = await StartAsync("channels: { telegram: { }, discord: { enabled: false } },");
        await using var writer = await gateway.ConnectCliAsync("operator.write");
        var workspace = Path.Combine(gateway.Home.StateDir, "workspace");
        Directory.CreateDirectory(workspace);
        var photo = Path.Combine(workspace, "chart.png");
        await File.WriteAllBytesAsync(photo, [0x89, 0x50, 0x4E, 0x47], TestContext.Current.CancellationToken);

        var request = new JsonObject
        {
            ["to"] = "-1001234:topic:77", ["message"] = "weekly chart", ["mediaUrl"] = photo,
            ["mediaUrls"] = new JsonArray("https://example.invalid/report.pdf"), ["channel"] = "telegram", ["idempotencyKey"] = "send-1",
        };
        var first = await writer.CallAsync("send", request);
        var second = await writer.CallAsync("send", (JsonObject)request.DeepClone());

        Assert.True((bool?)first["ok"], first.ToJsonString());
        Assert.Equal((string?)first["payload"]!["runId"], (string?)second["payload"]!["runId"]);
        Assert.Equal(("telegram", "-1001234:topic:77"), ((string)first["payload"]!["channel"]!, (string)first["payload"]!["to"]!));
        var queued = Assert.Single(await ReadOutboundAsync("telegram"));
        Assert.Equal(("-1001234", "77", "weekly chart"), (queued.Target.ChatId, queued.Target.ThreadId, queued.Text));
        Assert.Equal([("photo", "image/png", photo, (string?)null), ("document", "application/pdf", (string?)null, "https://example.invalid/report.pdf")],
            queued.Media.Select(m => (m.Kind, m.MimeType!, m.Path, m.Url)));

        // Only one channel is enabled: it is the default.
        var implicitChannel = await writer.CallAsync("send", new JsonObject { ["to"] = "5151", ["message"] = "hi", ["idempotencyKey"] = "send-2" });
        Assert.Equal("telegram", (string?)implicitChannel["payload"]!["channel"]);

        async Task<string> RefusalAsync(JsonObject parameters)
        {
            var response = await writer.CallAsync("send", parameters);
            Assert.Equal("INVALID_REQUEST", ErrorCode(response));
            return (string)response["error"]!["message"]!;
        }

        Assert.Contains("unknown channel: signal (configured channels: discord, telegram)",
            await RefusalAsync(new JsonObject { ["to"] = "1", ["message"] = "x", ["channel"] = "signal", ["idempotencyKey"] = "k3" }), StringComparison.Ordinal);
        Assert.Contains("channel discord is disabled (channels.discord.enabled is false)",
            await RefusalAsync(new JsonObject { ["to"] = "1", ["message"] = "x", ["channel"] = "discord", ["idempotencyKey"] = "k4" }), StringComparison.Ordinal);
        Assert.Contains("'to'", await RefusalAsync(new JsonObject { ["message"] = "x", ["channel"] = "telegram", ["idempotencyKey"] = "k5" }), StringComparison.Ordinal);
        Assert.Contains("outside the allowed folders",
            await RefusalAsync(new JsonObject { ["to"] = "1", ["mediaUrl"] = "/etc/hostname", ["channel"] = "telegram", ["idempotencyKey"] = "k6" }), StringComparison.Ordinal);
        Assert.Contains("idempotencyKey", await RefusalAsync(new JsonObject { ["to"] = "1", ["message"] = "x" }), StringComparison.Ordinal);
        Assert.Equal(2, (await ReadOutboundAsync("telegram")).Count);

        await using var reader = await gateway.ConnectCliAsync("operator.read");
        Assert.Equal("FORBIDDEN", ErrorCode(await reader.CallAsync("send", new JsonObject { ["to"] = "1", ["message"] = "x", ["idempotencyKey"] = "k7" })));
    }

    [Fact]
    public async Task Channels_status_lists_every_account_live_from_redis_and_falls_back_to_the_config_when_redis_is_down()
    {
        await using var gateway = await StartAsync("channels: { telegram: { accounts: { default: { }, work: { } } }, slack: { } },");
        await using var reader = await gateway.ConnectCliAsync("operator.read");

        var status = (await reader.CallAsync("channels.status"))["payload"]!;
        Assert.Equal("live", (string?)status["source"]);
        Assert.Equal(["slack", "telegram"], status["channelOrder"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(["default", "work"], status["channelAccounts"]!["telegram"]!.AsArray().Select(a => (string)a!["accountId"]!));
        Assert.Equal(0, (long)status["deadLetterCount"]!);
        Assert.False((bool)status["channels"]!["telegram"]!["running"]!);
        Assert.Contains(status["statusIssues"]!.AsArray(), i => (string?)i!["kind"] == "not-running" && (string?)i["accountId"] == "work");

        await _redis.KillAsync();
        var fallback = await reader.CallAsync("channels.status");
        Assert.True((bool?)fallback["ok"], fallback.ToJsonString());
        Assert.Equal("config", (string?)fallback["payload"]!["source"]);
        Assert.Equal(["slack", "telegram"], fallback["payload"]!["channelOrder"]!.AsArray().Select(n => (string)n!));
        Assert.Contains("Redis", (string?)fallback["payload"]!["liveStatusError"], StringComparison.Ordinal);
    }
}
