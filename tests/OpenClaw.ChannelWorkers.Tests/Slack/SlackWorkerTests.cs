using System.Globalization;
using OpenClaw.Contracts.Channels;
using OpenClaw.Fakes.Slack;
using OpenClaw.Testing;
using StackExchange.Redis;

namespace OpenClaw.ChannelWorkers.Tests.Slack;

/// <summary>The Slack worker against the fake Web API / Socket Mode and a real Redis, plus HTTP Events mode signatures.</summary>
public sealed class SlackWorkerTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private ConnectionMultiplexer _connection = null!;
    private FakeSlackServer _slack = null!;

    private IDatabase Db => _connection.GetDatabase();

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _connection = await _redis.ConnectAsync();
        _slack = await FakeSlackServer.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _slack.DisposeAsync();
        await _connection.DisposeAsync();
        await _redis.DisposeAsync();
    }

    private async Task<WorkerHost> StartSocketWorkerAsync()
    {
        var worker = await WorkerHost.StartAsync("slack", _redis.ConnectionString, new Dictionary<string, string?>
        {
            ["channels:slack:botToken"] = _slack.BotToken,
            ["channels:slack:appToken"] = _slack.AppToken,
            ["channels:slack:apiBaseUrl"] = _slack.ApiBaseUrl,
        });
        await Streams.WaitUntilAsync(() => Task.FromResult(_slack.ConnectedSockets > 0), "the worker opened a Socket Mode connection");
        return worker;
    }

    [Fact]
    public async Task Socket_mode_events_are_acknowledged_and_published_and_subtypes_and_bots_are_skipped()
    {
        await using var worker = await StartSocketWorkerAsync();

        _slack.SendSocketRaw("{garbage");
        var edit = _slack.SendSocketEvent(_slack.MessageEvent("C1", "U1", "edited", subtype: "message_changed"));
        _slack.SendSocketEvent(_slack.MessageEvent("C1", "U9", "from a bot", botId: "B9"));
        _slack.SendSocketEvent(_slack.MessageEvent("C1", _slack.BotUserId, "myself"));
        var mention = _slack.SendSocketEvent(_slack.MessageEvent("C1", "U1", $"<@{_slack.BotUserId}> hi", threadTs: "1700000000.000100"));
        _slack.SendSocketEvent(_slack.MessageEvent("D1", "U2", "dm text", channelType: "im"));

        var inbound = await Streams.WaitForInboundAsync(Db, 2);
        Assert.Equal(ChatType.Channel, inbound[0].ChatType);
        Assert.True(inbound[0].WasMentioned);
        Assert.Equal("1700000000.000100", inbound[0].ThreadId);
        Assert.Equal(_slack.TeamId, inbound[0].TeamId);
        Assert.Equal(ChatType.Direct, inbound[1].ChatType);
        Assert.Equal("dm text", inbound[1].Text);
        await Streams.WaitUntilAsync(() => Task.FromResult(_slack.IsAcked(mention) && _slack.IsAcked(edit)), "envelopes were acknowledged");
    }

    [Fact]
    public async Task A_disconnect_request_opens_a_new_connection_and_keeps_receiving()
    {
        await using var worker = await StartSocketWorkerAsync();

        _slack.SendDisconnect();
        await Streams.WaitUntilAsync(() => Task.FromResult(_slack.ConnectionsOpened >= 2 && _slack.ConnectedSockets > 0), "the worker reconnected");
        _slack.SendSocketEvent(_slack.MessageEvent("D1", "U2", "after reconnect", channelType: "im"));

        Assert.Equal("after reconnect", Assert.Single(await Streams.WaitForInboundAsync(Db, 1)).Text);
    }

    [Fact]
    public async Task Replies_go_to_the_thread_in_4000_character_chunks_through_a_rate_limit()
    {
        await using var worker = await StartSocketWorkerAsync();
        _slack.RateLimitNext(1);
        var text = string.Join("\n\n", Enumerable.Range(1, 10).Select(i => $"**Part {i}** " + new string('s', 900)));

        await Streams.PublishAsync(Db, "slack", Streams.Reply("slack", "C1", text, threadId: "1700000000.000100"));

        var posted = await _slack.WaitForPostedAsync(p => string.Concat(p.Select(m => m.Text)).Contains("Part 10", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.True(posted.Count >= 3);
        Assert.All(posted, m => Assert.True(m.Text.Length <= 4000));
        Assert.All(posted, m => Assert.Equal("1700000000.000100", m.ThreadTs));
        Assert.StartsWith("*Part 1*", posted[0].Text);
    }

    [Fact]
    public async Task Http_events_mode_verifies_signatures_and_answers_the_url_challenge()
    {
        var port = FreePort.Next();
        await using var worker = await WorkerHost.StartAsync("slack", _redis.ConnectionString, new Dictionary<string, string?>
        {
            ["channels:slack:botToken"] = _slack.BotToken,
            ["channels:slack:signingSecret"] = _slack.SigningSecret,
            ["channels:slack:mode"] = "http",
            ["channels:slack:apiBaseUrl"] = _slack.ApiBaseUrl,
            ["channels:slack:webhookPort"] = port.ToString(CultureInfo.InvariantCulture),
        });
        var url = $"http://127.0.0.1:{port}/slack/events";
        await Streams.WaitUntilAsync(async () => await Db.HashGetAsync(Streams.Names.ChannelStatus("slack", "default"), "connected") == "true", "the listener is up");

        var challenge = await _slack.PostEventAsync(url, new System.Text.Json.Nodes.JsonObject { ["type"] = "url_verification", ["challenge"] = "abc123", ["token"] = "x" });
        Assert.Equal(200, challenge.Status);
        Assert.Contains("abc123", challenge.Body, StringComparison.Ordinal);

        Assert.Equal(401, (await _slack.PostEventAsync(url, _slack.MessageEvent("D1", "U2", "forged", channelType: "im"), secret: "not-the-secret")).Status);
        Assert.Equal(401, (await _slack.PostEventAsync(url, _slack.MessageEvent("D1", "U2", "replayed", channelType: "im"),
            timestamp: DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds())).Status);
        Assert.Equal(200, (await _slack.PostEventAsync(url, _slack.MessageEvent("D1", "U2", "genuine", channelType: "im"))).Status);

        Assert.Equal("genuine", Assert.Single(await Streams.WaitForInboundAsync(Db, 1)).Text);
    }
}
