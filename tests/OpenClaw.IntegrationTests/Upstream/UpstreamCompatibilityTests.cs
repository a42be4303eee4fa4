using System.Text.Json.Nodes;
using OpenClaw.Fakes.Models;
using OpenClaw.Testing;

namespace OpenClaw.IntegrationTests.Upstream;

/// <summary>
/// Wire compatibility with upstream OpenClaw 2026.9.6: its real CLI against our gateway, and our CLI against
/// its real gateway and ours. Fields checked are the ones upstream's own answers carry (wire-samples/).
/// </summary>
[Collection("upstream")]
public sealed class UpstreamCompatibilityTests
{
    private const string Token = "it-token-1234";

    private static readonly Dictionary<string, string[]> Fields = new()
    {
        ["health"] = ["ok", "ts", "durationMs", "channels", "channelOrder", "channelLabels", "heartbeatSeconds", "defaultAgentId", "agents", "sessions"],
        ["status"] = ["runtimeVersion", "heartbeat", "channelSummary", "queuedSystemEvents", "sessions"],
        ["sessions.list"] = ["ts", "path", "count", "totalCount", "limitApplied", "hasMore", "defaults", "sessions"],
        ["chat.history"] = ["sessionKey", "messages"],
    };

    private static string OurConfig(FakeOpenAiServer model) => $$"""
        {
          gateway: { mode: "local", auth: { mode: "token" } },
          models: { providers: { fake: { baseUrl: "{{model.BaseUrl}}", apiKey: "test-key", api: "openai-completions", models: [ { id: "echo", name: "Echo" } ] } } },
          agents: { defaults: { model: { primary: "fake/echo" } } },
        }
        """;

    private static JsonObject Json(ProcessRunner.Result result, string what)
    {
        Assert.True(result.ExitCode == 0, $"{what} exited {result.ExitCode}:\n{result.Stdout}\n{result.Stderr}");
        return JsonNode.Parse(result.Stdout)!.AsObject();
    }

    private static void HasFields(JsonObject payload, string method, string who)
    {
        var text = payload.ToJsonString();
        foreach (var field in Fields[method])
        {
            Assert.True(payload.ContainsKey(field), $"{who}: {method} lacks '{field}': {text[..Math.Min(400, text.Length)]}");
        }
    }

    [Fact]
    public async Task The_real_upstream_cli_calls_our_gateway_and_completes_a_chat_turn()
    {
        await UpstreamOpenClaw.EnsureInstalledAsync();
        await using var model = await FakeOpenAiServer.StartNewAsync("test-key");
        using var home = new TempDir();
        using var cliHome = new TempDir();
        var port = FreePort.Next();
        await using var gateway = await OurBinaries.StartGatewayAsync(home.Path, port, Token, OurConfig(model));
        string[] target = ["--url", $"ws://127.0.0.1:{port}", "--token", Token, "--json"];

        var health = Json(await UpstreamOpenClaw.CliAsync(cliHome.Path, ["gateway", "call", "health", .. target]), "upstream gateway call health");
        var status = Json(await UpstreamOpenClaw.CliAsync(cliHome.Path, ["gateway", "call", "status", .. target]), "upstream gateway call status");
        var send = Json(await UpstreamOpenClaw.CliAsync(cliHome.Path, ["gateway", "call", "chat.send", "--expect-final", "--params",
            """{"sessionKey":"agent:main:main","message":"hello from upstream","idempotencyKey":"it-1"}""", .. target]), "upstream chat.send");

        HasFields(health, "health", "ours");
        Assert.True((bool)health["ok"]!);
        HasFields(status, "status", "ours");
        Assert.Equal("it-1", (string?)send["runId"]);
        Assert.Equal("started", (string?)send["status"]);

        JsonObject history;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        do
        {
            history = Json(await UpstreamOpenClaw.CliAsync(cliHome.Path, ["gateway", "call", "chat.history", "--params",
                """{"sessionKey":"agent:main:main","limit":5}""", .. target]), "upstream chat.history");
        }
        while (history["messages"]!.AsArray().Count < 2 && DateTime.UtcNow < deadline);

        HasFields(history, "chat.history", "ours");
        var messages = history["messages"]!.AsArray();
        Assert.Equal("hello from upstream", (string?)messages[0]!["content"]);
        Assert.Equal("echo: hello from upstream", (string?)messages[1]!["content"]![0]!["text"]);

        var sessions = Json(await UpstreamOpenClaw.CliAsync(cliHome.Path, ["gateway", "call", "sessions.list", .. target]), "upstream sessions.list");
        HasFields(sessions, "sessions.list", "ours");
        Assert.Equal("agent:main:main", (string?)sessions["sessions"]![0]!["key"]);

        var wrong = await UpstreamOpenClaw.CliAsync(cliHome.Path, "gateway", "call", "health", "--url", $"ws://127.0.0.1:{port}", "--token", "WRONG", "--json");
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("gateway token mismatch", wrong.Stdout + wrong.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Our_cli_gives_the_same_answers_in_shape_from_the_upstream_gateway_and_ours()
    {
        await UpstreamOpenClaw.EnsureInstalledAsync();
        await using var model = await FakeOpenAiServer.StartNewAsync("test-key");
        using var ourHome = new TempDir();
        using var upstreamHome = new TempDir();
        using var cliHome = new TempDir();
        var ourPort = FreePort.Next();
        var upstreamPort = FreePort.Next();
        await using var ours = await OurBinaries.StartGatewayAsync(ourHome.Path, ourPort, Token, OurConfig(model));
        await using var upstream = await UpstreamOpenClaw.StartGatewayAsync(upstreamHome.Path, upstreamPort, Token);

        foreach (var (who, port) in new[] { ("ours", ourPort), ("upstream", upstreamPort) })
        {
            string[] target = ["--url", $"ws://127.0.0.1:{port}", "--token", Token, "--json"];
            foreach (var method in new[] { "health", "status", "sessions.list" })
            {
                HasFields(Json(await OurBinaries.CliAsync(cliHome.Path, ["gateway", "call", method, .. target]), $"our CLI {method} → {who}"), method, who);
            }

            HasFields(Json(await OurBinaries.CliAsync(cliHome.Path, ["gateway", "call", "chat.history", "--params", """{"sessionKey":"agent:main:main"}""", .. target]),
                $"our CLI chat.history → {who}"), "chat.history", who);
            var human = await OurBinaries.CliAsync(cliHome.Path, "health", "--url", $"ws://127.0.0.1:{port}", "--token", Token);
            Assert.True(human.ExitCode == 0, $"our CLI health → {who}: {human.Stdout}{human.Stderr}");
            Assert.Contains("Gateway: ok", human.Stdout, StringComparison.Ordinal);
            var unknown = await OurBinaries.CliAsync(cliHome.Path, "gateway", "call", "nonexistent.method", "--url", $"ws://127.0.0.1:{port}", "--token", Token);
            Assert.Equal(1, unknown.ExitCode);
            Assert.Equal("unknown method: nonexistent.method", unknown.Stderr.Trim());
            var devices = Json(await OurBinaries.CliAsync(cliHome.Path, "devices", "list", "--url", $"ws://127.0.0.1:{port}", "--token", Token, "--json"), $"our devices list → {who}");
            Assert.NotNull(devices["pending"]);
            Assert.NotNull(devices["paired"]);
        }
    }
}
