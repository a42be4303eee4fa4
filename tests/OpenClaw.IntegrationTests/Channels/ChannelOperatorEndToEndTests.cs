using System.Text.Json;
using OpenClaw.Contracts.Protocol;
using OpenClaw.GatewayClient;

namespace OpenClaw.IntegrationTests.Channels;

/// <summary>
/// What an operator does with the channels over the WebSocket protocol, against the real gateway and Telegram
/// worker processes, real Redis and the fake Telegram: DM pairing, <c>send</c>, <c>channels.status</c>, and the
/// typing indicator a chat user sees while the agent thinks.
/// </summary>
public sealed class ChannelOperatorEndToEndTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Connects as the CLI does with the shared token, retrying while the gateway process starts.</summary>
    private static async Task<GatewayConnection> ConnectAsync(ChannelStack stack, params string[] scopes)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                return await GatewayConnection.ConnectAsync(
                    new GatewayConnectOptions(stack.GatewayUrl, new ClientHello(GatewayRoles.Operator, scopes)) { Token = ChannelStack.GatewayToken }, Ct);
            }
            catch (GatewayTransportException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250, Ct);
            }
        }
    }

    private static async Task<JsonElement> NextEventAsync(GatewayConnection connection, string name)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(Patience);
        while (true)
        {
            var next = await connection.Events.ReadAsync(timeout.Token);
            if (next.Name == name && next.Payload is { } payload)
            {
                return payload;
            }
        }
    }

    private static async Task<JsonElement> PollAsync(Func<Task<JsonElement>> probe, Func<JsonElement, bool> until, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var value = await probe();
            if (until(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}; last answer: {value}");
            }

            await Task.Delay(200, Ct);
        }
    }

    [Fact]
    public async Task An_unknown_sender_is_approved_over_ws_gets_the_notice_and_is_then_answered_while_a_reader_may_not_approve()
    {
        await using var stack = await ChannelStack.StartAsync("\"dmPolicy\": \"pairing\"");
        await using var owner = await ConnectAsync(stack, OperatorScopes.Pairing);
        await using var reader = await ConnectAsync(stack, OperatorScopes.Read);

        stack.Bot.UserSends(5151, "let me in msg-1");

        var requested = await NextEventAsync(owner, "pairing.requested");
        var code = requested.GetProperty("code").GetString()!;
        Assert.Equal(("telegram", "5151"), (requested.GetProperty("channel").GetString(), requested.GetProperty("id").GetString()));
        var pairingText = Assert.Single(await stack.WaitForRepliesAsync(s => s.Count >= 1, Patience)).Text;
        Assert.Contains($"Pairing code: {code}", pairingText, StringComparison.Ordinal);

        var list = await owner.RequestAsync("pairing.list", new { channel = "telegram" }, Ct);
        Assert.Equal(code, list.GetProperty("requests")[0].GetProperty("code").GetString());

        var refused = await Assert.ThrowsAsync<GatewayRequestException>(() => reader.RequestAsync("pairing.approve", new { channel = "telegram", code }, Ct));
        Assert.Equal("FORBIDDEN", refused.Code);

        var approved = await owner.RequestAsync("pairing.approve", new { channel = "telegram", code, notify = true }, Ct);
        Assert.True(approved.GetProperty("approved").GetBoolean());
        await stack.WaitForRepliesAsync(s => s.Any(m => m.Text.Contains("access approved", StringComparison.Ordinal)), Patience);

        stack.Bot.UserSends(5151, "now msg-2");
        var all = await stack.WaitForRepliesAsync(s => s.Any(m => m.Text == "ack msg-2"), Patience);
        Assert.Equal(["Pairing code", "access approved", "ack msg-2"], all.Select(m =>
            m.Text.Contains("Pairing code", StringComparison.Ordinal) ? "Pairing code" : m.Text.Contains("access approved", StringComparison.Ordinal) ? "access approved" : m.Text));
        Assert.DoesNotContain(stack.Model.Requests, r => r.ToJsonString().Contains("msg-1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_delivers_text_and_a_photo_once_even_when_the_idempotency_key_is_repeated()
    {
        await using var stack = await ChannelStack.StartAsync("\"dmPolicy\": \"open\", \"allowFrom\": [\"*\"]");
        await using var cli = await ConnectAsync(stack, OperatorScopes.Write);
        var workspace = Path.Combine(stack.StateDir, "workspace");
        Directory.CreateDirectory(workspace);
        var photo = Path.Combine(workspace, "chart.png");
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 42];
        await File.WriteAllBytesAsync(photo, png, Ct);

        var request = new { to = "4242", message = "weekly chart", mediaUrl = photo, channel = "telegram", idempotencyKey = "cli-send-1" };
        var first = await cli.RequestAsync("send", request, Ct);
        var again = await cli.RequestAsync("send", request, Ct);
        Assert.Equal(first.GetProperty("runId").GetString(), again.GetProperty("runId").GetString());
        Assert.Equal(("telegram", "4242"), (first.GetProperty("channel").GetString(), first.GetProperty("to").GetString()));

        // A later message to the same chat: once it is there, anything sent twice would be there too (one chat keeps its order).
        await cli.RequestAsync("send", new { to = "4242", message = "marker", channel = "telegram", idempotencyKey = "cli-send-2" }, Ct);
        var sent = await stack.WaitForRepliesAsync(s => s.Any(m => m.Text == "marker"), Patience);

        var photoMessage = Assert.Single(sent, m => m.Method == "sendPhoto");
        Assert.Equal(("weekly chart", 4242L, "upload"), (photoMessage.Text, photoMessage.ChatId, photoMessage.File!.Source));
        Assert.Equal(png, photoMessage.File.Content);
        Assert.Equal(2, sent.Count);
    }

    [Fact]
    public async Task Channels_status_shows_the_worker_connected_and_then_the_platforms_error()
    {
        await using var stack = await ChannelStack.StartAsync("\"dmPolicy\": \"open\", \"allowFrom\": [\"*\"]");
        await using var cli = await ConnectAsync(stack, OperatorScopes.Read);

        var connected = await PollAsync(() => cli.RequestAsync("channels.status", new { }, Ct),
            s => s.GetProperty("channels").GetProperty("telegram").GetProperty("connected").GetBoolean(), "the telegram worker to connect");
        var account = connected.GetProperty("channelAccounts").GetProperty("telegram")[0];
        Assert.Equal(("live", "default", "polling"), (connected.GetProperty("source").GetString(), account.GetProperty("accountId").GetString(), account.GetProperty("mode").GetString()));
        Assert.Equal(stack.Bot.Username, account.GetProperty("bot").GetProperty("username").GetString());
        Assert.Equal(0, connected.GetProperty("deadLetterCount").GetInt64());

        stack.Bot.FailNextGetUpdates(3);

        var failing = await PollAsync(() => cli.RequestAsync("channels.status", new { }, Ct),
            s => s.GetProperty("channelAccounts").GetProperty("telegram")[0] is var a
                 && a.TryGetProperty("lastError", out var e) && e.ValueKind == JsonValueKind.String && a.GetProperty("reconnectAttempts").GetInt32() >= 1,
            "the platform's error and the restart in channels.status");
        var broken = failing.GetProperty("channelAccounts").GetProperty("telegram")[0];
        Assert.Contains("502 Bad Gateway", broken.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.True(broken.GetProperty("lastErrorAt").GetInt64() > 0);

        // The worker recovers by itself and keeps answering.
        stack.Bot.UserSends(4242, "still there msg-7");
        await stack.WaitForRepliesAsync(s => s.Any(m => m.Text == "ack msg-7"), Patience);
    }

    [Fact]
    public async Task The_chat_shows_typing_and_it_is_refreshed_while_a_slow_model_answers()
    {
        await using var stack = await ChannelStack.StartAsync("\"dmPolicy\": \"open\", \"allowFrom\": [\"*\"]", new()
        {
            ["GatewayChannels__SendTyping"] = "true",
            ["GatewayChannels__TypingInterval"] = "00:00:01",
        });
        // The model answers only once the user has seen "typing…" refreshed (or gives up after the patience).
        stack.Model.BeforeReply = async _ =>
        {
            var deadline = DateTime.UtcNow + Patience;
            while (stack.Bot.Actions.Count(a => a is { Method: "sendChatAction", Value: "typing", ChatId: 4242 }) < 3 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        };

        stack.Bot.UserSends(4242, "think hard msg-3");

        var reply = await stack.WaitForRepliesAsync(s => s.Any(m => m.Text == "ack msg-3"), Patience);
        Assert.Equal(4242, Assert.Single(reply).ChatId);
        var typingBefore = stack.Bot.Actions.Where(a => a is { Method: "sendChatAction", Value: "typing", ChatId: 4242 }).ToList();
        Assert.True(typingBefore.Count >= 3, $"typing was sent {typingBefore.Count} times while the model thought");
    }
}
