using OpenClaw.Contracts.Channels;
using OpenClaw.Fakes.Discord;
using OpenClaw.Testing;
using StackExchange.Redis;

namespace OpenClaw.ChannelWorkers.Tests.Discord;

/// <summary>The Discord worker against the fake Gateway + REST API and a real Redis.</summary>
public sealed class DiscordWorkerTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private ConnectionMultiplexer _connection = null!;
    private FakeDiscordServer _discord = null!;

    private IDatabase Db => _connection.GetDatabase();

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _connection = await _redis.ConnectAsync();
        _discord = await FakeDiscordServer.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _discord.DisposeAsync();
        await _connection.DisposeAsync();
        await _redis.DisposeAsync();
    }

    private async Task<WorkerHost> StartWorkerAsync(string? token = null)
    {
        var worker = await WorkerHost.StartAsync("discord", _redis.ConnectionString, new Dictionary<string, string?>
        {
            ["channels:discord:token"] = token ?? _discord.Token,
            ["channels:discord:apiBaseUrl"] = _discord.ApiBaseUrl,
            ["channels:discord:gatewayUrl"] = _discord.GatewayUrl,
        });
        if (token is null)
        {
            await Streams.WaitUntilAsync(() => Task.FromResult(_discord.ConnectedSockets > 0), "the worker identified on the gateway");
        }

        return worker;
    }

    [Fact]
    public async Task Guild_mentions_and_dms_reach_the_inbound_stream_and_bots_edits_and_garbage_do_not()
    {
        await using var worker = await StartWorkerAsync();

        _discord.BotOwnMessage("300", "my own words");
        _discord.UserPosts("300", "42", "beep", fromBot: true);
        _discord.SendRaw("{not json");
        _discord.SendRaw("""{"op":99,"d":{}}""");
        var mentionId = _discord.UserPosts("300", "42", "what's up?", mentionBot: true, roles: ["777"]);
        _discord.UserEdits("300", mentionId, "edited");
        _discord.UserPosts("400", "43", "hello in DM", guildId: null);

        var inbound = await Streams.WaitForInboundAsync(Db, 2);
        Assert.Equal(ChatType.Channel, inbound[0].ChatType);
        Assert.True(inbound[0].WasMentioned);
        Assert.Equal("1200000000000000001", inbound[0].GuildId);
        Assert.Equal(["777"], inbound[0].RoleIds);
        Assert.Equal(mentionId, inbound[0].PlatformMessageId);
        Assert.Equal(ChatType.Direct, inbound[1].ChatType);
        Assert.Equal("43", inbound[1].Sender.Id);
        Assert.Equal("hello in DM", inbound[1].Text);
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.Equal(2, await Db.StreamLengthAsync(Streams.Names.Inbound));
    }

    [Fact]
    public async Task Replies_are_cut_at_2000_characters_and_17_lines_and_the_first_references_the_message()
    {
        await using var worker = await StartWorkerAsync();
        var text = string.Join("\n", Enumerable.Range(1, 40).Select(i => $"line {i}")) + "\n\n" + string.Join(" ", Enumerable.Repeat("word", 700));

        await Streams.PublishAsync(Db, "discord", Streams.Reply("discord", "300", text, replyTo: "1234567890"));

        var sent = await _discord.WaitForSentAsync(s => string.Concat(s.Select(m => m.Content)).Contains("line 40", StringComparison.Ordinal)
            && s.Sum(m => System.Text.RegularExpressions.Regex.Count(m.Content, @"\bword\b")) >= 700, TimeSpan.FromSeconds(30));
        Assert.All(sent, m => Assert.True(m.Content.Length <= 2000, $"{m.Content.Length} chars"));
        Assert.All(sent, m => Assert.True(m.Content.Split('\n').Length <= 17, $"{m.Content.Split('\n').Length} lines"));
        Assert.Equal("1234567890", sent[0].ReplyToMessageId);
        Assert.All(sent.Skip(1), m => Assert.Null(m.ReplyToMessageId));
        Assert.StartsWith("line 1\n", sent[0].Content);
    }

    [Fact]
    public async Task A_429_is_waited_out()
    {
        await using var worker = await StartWorkerAsync();
        _discord.RateLimitNext(2);

        await Streams.PublishAsync(Db, "discord", Streams.Reply("discord", "300", "after the limit"));

        Assert.Equal("after the limit", Assert.Single(await _discord.WaitForSentAsync(s => s.Count >= 1, TimeSpan.FromSeconds(30))).Content);
    }

    [Fact]
    public async Task Reconnect_requests_resume_without_losing_events_and_an_invalid_session_identifies_again()
    {
        await using var worker = await StartWorkerAsync();
        await Streams.WaitUntilAsync(() => Task.FromResult(_discord.Heartbeats >= 1), "a heartbeat was sent");

        _discord.RequestReconnect();
        _discord.UserPosts("300", "42", "during the reconnect", mentionBot: true);
        await Streams.WaitUntilAsync(() => Task.FromResult(_discord.Resumes >= 1), "the worker resumed");
        Assert.EndsWith("during the reconnect", Assert.Single(await Streams.WaitForInboundAsync(Db, 1)).Text, StringComparison.Ordinal);

        _discord.InvalidateSession(resumable: false);
        await Streams.WaitUntilAsync(() => Task.FromResult(_discord.Identifies >= 2), "the worker identified afresh", seconds: 30);
        await Streams.WaitUntilAsync(() => Task.FromResult(_discord.ConnectedSockets > 0), "the worker is connected again");
        _discord.UserPosts("300", "42", "after the new session", mentionBot: true);
        Assert.EndsWith("after the new session", (await Streams.WaitForInboundAsync(Db, 2))[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_token_stops_the_account_with_a_clear_status()
    {
        await using var worker = await StartWorkerAsync(token: "wrong-token");
        var key = Streams.Names.ChannelStatus("discord", "default");

        await Streams.WaitUntilAsync(async () => ((string?)await Db.HashGetAsync(key, "lastError"))?.Contains("4004", StringComparison.Ordinal) == true,
            "status reports close code 4004");
        Assert.Equal("false", (string?)await Db.HashGetAsync(key, "connected"));
    }
}
