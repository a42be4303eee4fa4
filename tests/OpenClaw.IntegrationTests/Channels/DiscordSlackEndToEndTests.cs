using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenClaw.Fakes.Discord;
using OpenClaw.Fakes.Models;
using OpenClaw.Fakes.Slack;
using OpenClaw.Testing;

namespace OpenClaw.IntegrationTests.Channels;

/// <summary>
/// Discord and Slack end to end: fake platform → worker process → Redis → gateway process (fake model) →
/// Redis → worker → fake platform, both channels served by one gateway at once.
/// </summary>
public sealed partial class DiscordSlackEndToEndTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private string _home = null!;
    private RedisServer _redis = null!;
    private FakeDiscordServer _discord = null!;
    private FakeSlackServer _slack = null!;
    private FakeOpenAiServer _model = null!;
    private readonly List<ServiceProcess> _processes = [];

    public async ValueTask InitializeAsync()
    {
        _home = Directory.CreateTempSubdirectory("openclaw-channels-it-").FullName;
        _redis = await RedisServer.StartAsync(appendOnly: true);
        _discord = await FakeDiscordServer.StartAsync();
        _slack = await FakeSlackServer.StartAsync();
        _model = await FakeOpenAiServer.StartNewAsync();
        _model.DefaultReply = body =>
        {
            var content = (body["messages"] as JsonArray)?.LastOrDefault(m => m?["role"]?.GetValue<string>() == "user")?["content"];
            var text = content is JsonValue v ? v.GetValue<string>() : content?.ToJsonString() ?? "";
            var token = Token().Matches(text).LastOrDefault()?.Value ?? "nothing";
            // A long answer for "long-" tokens, to see the platform's chunking.
            return FakeModelReply.Text(token.StartsWith("long-", StringComparison.Ordinal)
                ? string.Join("\n", Enumerable.Range(1, 30).Select(i => $"line {i} of {token}"))
                : $"ack {token}", chunks: 1);
        };

        var stateDir = Path.Combine(_home, ".openclaw");
        Directory.CreateDirectory(stateDir);
        await File.WriteAllTextAsync(Path.Combine(stateDir, "openclaw.json"), $$"""
            {
              "gateway": { "mode": "local" },
              "agents": { "defaults": { "model": "fakeai/gpt-test", "skipBootstrap": true } },
              "models": { "providers": { "fakeai": { "api": "openai-completions", "baseUrl": "{{_model.BaseUrl}}", "apiKey": "test-key" } } },
              "channels": {
                "discord": { "token": "{{_discord.Token}}", "apiBaseUrl": "{{_discord.ApiBaseUrl}}", "gatewayUrl": "{{_discord.GatewayUrl}}",
                             "dmPolicy": "open", "allowFrom": ["*"], "groupPolicy": "open", "replyToMode": "first" },
                "slack": { "botToken": "{{_slack.BotToken}}", "appToken": "{{_slack.AppToken}}", "apiBaseUrl": "{{_slack.ApiBaseUrl}}",
                           "dmPolicy": "open", "allowFrom": ["*"], "groupPolicy": "open" }
              }
            }
            """, TestContext.Current.CancellationToken);

        var env = new Dictionary<string, string>
        {
            ["HOME"] = _home,
            ["OPENCLAW_HOME"] = _home,
            ["ConnectionStrings__redis"] = $"{_redis.ConnectionString},abortConnect=false",
            ["OPENCLAW_GATEWAY_TOKEN"] = "it-token",
            ["GatewayChannels__SendTyping"] = "false",
        };
        _processes.Add(ServiceProcess.Start("OpenClaw.Gateway", ["--port", FreePort.Next().ToString(CultureInfo.InvariantCulture)], env));
        foreach (var channel in new[] { "discord", "slack" })
        {
            _processes.Add(ServiceProcess.Start("OpenClaw.ChannelWorkers", ["--channel", channel],
                new Dictionary<string, string>(env) { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort.Next()}" }));
        }

        var deadline = DateTime.UtcNow + Patience;
        while (_discord.ConnectedSockets == 0 || _slack.ConnectedSockets == 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the workers did not connect: " + string.Join("\n---\n", _processes.Select(p => p.Output)));
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        await _model.DisposeAsync();
        await _slack.DisposeAsync();
        await _discord.DisposeAsync();
        await _redis.DisposeAsync();
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Discord_mentions_are_answered_in_the_channel_in_17_line_chunks_referencing_the_message()
    {
        _discord.UserPosts("300", "42", "chatter msg-1 without mention");
        var id = _discord.UserPosts("300", "42", "please long-1", mentionBot: true);
        _discord.UserPosts("400", "43", "direct msg-2", guildId: null);

        var sent = await _discord.WaitForSentAsync(s => s.Any(m => m.Content == "ack msg-2")
            && string.Concat(s.Select(m => m.Content)).Contains("line 30 of long-1", StringComparison.Ordinal), Patience);
        var answer = sent.Where(m => m.ChannelId == "300").ToList();
        Assert.True(answer.Count >= 2, $"30 lines need at least 2 messages of 17 lines, got {answer.Count}");
        Assert.All(answer, m => Assert.True(m.Content.Split('\n').Length <= 17));
        Assert.Equal(id, answer[0].ReplyToMessageId);
        Assert.Equal("400", sent.Single(m => m.Content == "ack msg-2").ChannelId);
        Assert.DoesNotContain(sent, m => m.Content.Contains("msg-1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Slack_messages_are_answered_in_their_thread_and_dms_in_the_dm()
    {
        _slack.SendSocketEvent(_slack.MessageEvent("C1", "U1", $"<@{_slack.BotUserId}> in thread msg-3", threadTs: "1700000000.000100"));
        _slack.SendSocketEvent(_slack.MessageEvent("D1", "U2", "dm msg-4", channelType: "im"));

        var posted = await _slack.WaitForPostedAsync(p => p.Count >= 2, Patience);
        var thread = posted.Single(m => m.Text == "ack msg-3");
        Assert.Equal(("C1", "1700000000.000100"), (thread.Channel, thread.ThreadTs));
        Assert.Equal("D1", posted.Single(m => m.Text == "ack msg-4").Channel);
    }

    [GeneratedRegex(@"(msg|long)-\d+")]
    private static partial Regex Token();
}
