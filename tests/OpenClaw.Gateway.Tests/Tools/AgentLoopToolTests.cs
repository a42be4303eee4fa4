using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using OpenClaw.Contracts;
using OpenClaw.Contracts.Channels;
using OpenClaw.Fakes.Models;
using OpenClaw.Gateway.Runs;
using OpenClaw.Gateway.Sessions;
using OpenClaw.Gateway.Tests.Infrastructure;
using OpenClaw.Gateway.Tools;
using OpenClaw.Testing;
using StackExchange.Redis;

namespace OpenClaw.Gateway.Tests.Tools;

/// <summary>
/// Each tool driven through the real agent loop: a gateway host with the real tools, a fake OpenAI server that
/// calls them, and assertions on the files, processes, sessions and streams that result.
/// </summary>
public sealed partial class AgentLoopToolTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Exec_and_file_tools_change_the_workspace()
    {
        await using var fakes = await FakeModels.StartAsync();
        await using var gateway = await StartAsync(fakes);
        const string patch = "*** Begin Patch\n*** Add File: src/hello.py\n+print('hello')\n*** Update File: notes.md\n@@\n-draft\n+final\n*** End Patch";
        fakes.OpenAi.Enqueue(
            FakeModelReply.ToolCall("write", new { path = "notes.md", content = "# Notes\ndraft\n" }),
            FakeModelReply.ToolCall("edit", new { path = "notes.md", oldText = "# Notes", newText = "# Project notes" }),
            FakeModelReply.ToolCall("apply_patch", new { input = patch }),
            FakeModelReply.ToolCall("exec", new { command = "python3 --version >/dev/null 2>&1; cat notes.md src/hello.py > combined.txt && wc -l < combined.txt" }),
            FakeModelReply.ToolCall("read", new { path = "combined.txt", offset = 2, limit = 1 }),
            FakeModelReply.ToolCall("ls", new { path = "src" }),
            FakeModelReply.Text("All done."));

        var (result, events) = await RunAsync(gateway, "organise my notes");

        Assert.Equal(("ok", "All done."), (result.Status, result.Text));
        var workspace = Workspace(gateway);
        Assert.Equal("# Project notes\nfinal\n", await File.ReadAllTextAsync(Path.Combine(workspace, "notes.md"), Ct));
        Assert.Equal("print('hello')\n", await File.ReadAllTextAsync(Path.Combine(workspace, "src/hello.py"), Ct));
        Assert.Equal("# Project notes\nfinal\nprint('hello')\n", await File.ReadAllTextAsync(Path.Combine(workspace, "combined.txt"), Ct));
        var results = events.OfType<ToolCallCompleted>().ToList();
        Assert.Equal(["write", "edit", "apply_patch", "exec", "read", "ls"], results.Select(r => r.Name));
        Assert.All(results, r => Assert.False(r.IsError, $"{r.Name}: {r.Result}"));
        Assert.Equal("3", results[3].Result.Trim());
        Assert.StartsWith("final\n", results[4].Result, StringComparison.Ordinal);
        Assert.Equal("hello.py", results[5].Result);

        // The model saw the tool results.
        Assert.Contains("Success. Updated the following files", fakes.OpenAi.Requests[3].ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Escapes_through_the_loop_are_refused_and_reported_to_the_model()
    {
        await using var fakes = await FakeModels.StartAsync();
        await using var gateway = await StartAsync(fakes);
        var outside = Path.Combine(gateway.Home.Path, "outside.txt");
        fakes.OpenAi.Enqueue(
            FakeModelReply.ToolCall("read", new { path = "../../etc/passwd" }),
            FakeModelReply.ToolCall("write", new { path = outside, content = "x" }),
            FakeModelReply.Text("I cannot."));

        var (result, events) = await RunAsync(gateway, "read the password file");

        Assert.Equal("ok", result.Status);
        var results = events.OfType<ToolCallCompleted>().ToList();
        Assert.All(results, r => Assert.True(r.IsError));
        Assert.All(results, r => Assert.StartsWith("Path escapes the workspace", r.Result, StringComparison.Ordinal));
        Assert.False(File.Exists(outside));
        Assert.DoesNotContain("root:x:", fakes.OpenAi.Requests[1].ToJsonString(), StringComparison.Ordinal);
        var transcript = await gateway.Get<ISessionStores>().For("main").ReadTranscriptAsync("agent:main:main", Ct);
        Assert.Contains(transcript, e => e.Message is { Role: "toolResult", IsError: true });
    }

    [Fact]
    public async Task Background_exec_continues_as_a_process_the_model_can_list_and_read()
    {
        await using var fakes = await FakeModels.StartAsync();
        await using var gateway = await StartAsync(fakes);
        var step = 0;
        fakes.OpenAi.DefaultReply = request =>
        {
            var sessionId = SessionIdOf(request);
            return Interlocked.Increment(ref step) switch
            {
                1 => FakeModelReply.ToolCall("exec", new { command = "echo started; echo tick > ticks.txt; sleep 60", background = true }),
                2 => FakeModelReply.ToolCall("process", new { action = "list" }),
                3 => FakeModelReply.ToolCall("process", new { action = "log", sessionId }),
                4 => FakeModelReply.ToolCall("process", new { action = "kill", sessionId }),
                _ => FakeModelReply.Text("stopped it"),
            };
        };

        var (result, events) = await RunAsync(gateway, "start the server");

        Assert.Equal(("ok", "stopped it"), (result.Status, result.Text));
        var results = events.OfType<ToolCallCompleted>().ToList();
        var started = results[0];
        Assert.StartsWith("Command still running (session ", started.Result, StringComparison.Ordinal);
        var sessionId = started.Details!.Value.GetProperty("sessionId").GetString()!;
        var pid = started.Details!.Value.GetProperty("pid").GetInt32();
        Assert.Contains(sessionId, results[1].Result, StringComparison.Ordinal);
        Assert.Equal("started", results[2].Result);
        Assert.Equal($"Killed session {sessionId}.", results[3].Result);
        Assert.True(File.Exists(Path.Combine(Workspace(gateway), "ticks.txt")));
        Assert.False(ExecToolTests.IsAlive(pid));
    }

    [Fact]
    public async Task Exec_timeout_in_the_loop_kills_the_command()
    {
        await using var fakes = await FakeModels.StartAsync();
        await using var gateway = await StartAsync(fakes);
        var dir = $"slow-{Guid.NewGuid():N}";
        Directory.CreateDirectory(Path.Combine(Workspace(gateway), dir));
        fakes.OpenAi.Enqueue(
            FakeModelReply.ToolCall("exec", new { command = "sleep 100", timeout = 1, workdir = dir }),
            FakeModelReply.Text("it timed out"));

        var (_, events) = await RunAsync(gateway, "wait a long time");

        var completed = Assert.Single(events.OfType<ToolCallCompleted>());
        Assert.True(completed.IsError);
        Assert.Contains("timed out after 1 seconds", completed.Result, StringComparison.Ordinal);
        Assert.Empty(await ExecToolTests.ProcessesInAsync(Path.Combine(Workspace(gateway), dir)));
    }

    [Fact]
    public async Task Policy_decides_which_tools_the_model_is_offered()
    {
        await using var fakes = await FakeModels.StartAsync();
        await using var gateway = await StartAsync(fakes, extra: "tools: { profile: 'coding', deny: ['group:runtime', 'web_fetch'] },");
        fakes.OpenAi.Enqueue(FakeModelReply.Text("ok"));

        await RunAsync(gateway, "what can you do?");

        var offered = fakes.OpenAi.Requests[0]["tools"]!.AsArray().Select(t => (string)t!["function"]!["name"]!).Order().ToList();
        Assert.Equal(["apply_patch", "edit", "ls", "read", "session_status", "sessions_history", "sessions_list", "sessions_send", "sessions_spawn", "write"], offered);
    }

    [Fact]
    public async Task Message_tool_queues_a_reply_on_the_channels_outbound_stream()
    {
        await using var redis = await RedisServer.StartAsync();
        using var connection = await redis.ConnectAsync();
        await using var fakes = await FakeModels.StartAsync();
        await using var gateway = await StartAsync(fakes, services: s => s.AddSingleton<IConnectionMultiplexer>(connection));
        fakes.OpenAi.Enqueue(FakeModelReply.ToolCall("message", new { message = "Reminder: stand-up at 10" }), FakeModelReply.Text("NO_REPLY"));

        var runId = Guid.NewGuid().ToString();
        var runner = gateway.Get<IAgentRunner>();
        await runner.StartAsync(new AgentRunRequest { Message = "remind the group", SessionKey = "agent:main:telegram:group:-1001", RunId = runId, Origin = new RunOrigin("telegram", "default", "-1001") }, Ct);
        var result = await runner.WaitAsync(runId, TimeSpan.FromSeconds(60), Ct);

        Assert.Equal("ok", result!.Status);
        var entry = Assert.Single(await connection.GetDatabase().StreamRangeAsync(new StreamNames().Outbound("telegram")));
        var sent = EnvelopeSerializer.Deserialize<OutboundMessage>((byte[])entry[ChannelMessageTypes.EnvelopeField]!).Payload;
        Assert.Equal(("Reminder: stand-up at 10", "-1001", "default"), (sent.Text, sent.Target.ChatId, sent.Target.AccountId));
    }

    [Fact]
    public async Task Web_fetch_in_the_loop_reads_an_allowed_loopback_page()
    {
        await using var fakes = await FakeModels.StartAsync();
        await using var gateway = await StartAsync(fakes, extra: "tools: { web: { fetch: { ssrfPolicy: { allowedHostnames: ['127.0.0.1'] } } } },");
        fakes.OpenAi.Enqueue(
            FakeModelReply.ToolCall("web_fetch", new { url = $"{fakes.Anthropic.Url}/nothing-here", extractMode = "text" }),
            FakeModelReply.ToolCall("web_fetch", new { url = "http://169.254.169.254/latest/meta-data/" }),
            FakeModelReply.Text("fetched"));

        var (_, events) = await RunAsync(gateway, "fetch it");

        var results = events.OfType<ToolCallCompleted>().ToList();
        Assert.True(results[0].Result.Contains("\"status\":404", StringComparison.Ordinal), results[0].Result);
        Assert.True(results[1].IsError);
        Assert.Contains("cloud metadata", results[1].Result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sessions_tools_spawn_a_sub_agent_list_it_read_its_history_and_set_the_model()
    {
        await using var fakes = await FakeModels.StartAsync();
        await using var gateway = await StartAsync(fakes);
        var parentStep = 0;
        fakes.OpenAi.DefaultReply = request =>
        {
            var json = request.ToJsonString();
            if (json.Contains("You are a sub-agent", StringComparison.Ordinal))
            {
                return FakeModelReply.Text("child says 42");
            }

            var child = ChildKeyOf(request);
            return Interlocked.Increment(ref parentStep) switch
            {
                1 => FakeModelReply.ToolCall("sessions_spawn", new { task = "compute the answer", label = "answer" }),
                2 => FakeModelReply.ToolCall("sessions_list", new { }),
                3 => FakeModelReply.ToolCall("sessions_history", new { sessionKey = child }),
                4 => FakeModelReply.ToolCall("session_status", new { model = "fakeclaude/claude-test" }),
                _ => FakeModelReply.Text("done"),
            };
        };

        var (result, events) = await RunAsync(gateway, "delegate");

        Assert.Equal(("ok", "done"), (result.Status, result.Text));
        var results = events.OfType<ToolCallCompleted>().ToList();
        Assert.All(results, r => Assert.False(r.IsError, $"{r.Name}: {r.Result}"));
        var childKey = results[0].Details!.Value.GetProperty("childSessionKey").GetString()!;
        Assert.StartsWith("agent:main:main:subagent:", childKey, StringComparison.Ordinal);
        Assert.Contains(childKey, results[1].Result, StringComparison.Ordinal);

        var store = gateway.Get<ISessionStores>().For("main");
        var childEntry = await store.GetAsync(childKey, Ct);
        Assert.Equal("agent:main:main", childEntry!.SpawnedBy);
        await Poll.UntilAsync<bool?>(async () => (await store.ReadTranscriptAsync(childKey, Ct)).Any(e => e.Message?.Text == "child says 42") ? true : null, "the sub-agent's reply in its transcript");
        var parent = await store.GetAsync("agent:main:main", Ct);
        Assert.Equal(("fakeclaude", "claude-test"), (parent!.ProviderOverride, parent.ModelOverride));

        // When the child is done its result is announced back into the requesting session.
        var announcement = await Poll.UntilAsync(
            async () => (await store.ReadTranscriptAsync("agent:main:main", Ct)).Select(e => e.Message).FirstOrDefault(m => m?.Role == "user" && m.Text.StartsWith("[Subagent", StringComparison.Ordinal)),
            "the sub-agent announcement in the parent session");
        Assert.Equal($"[Subagent \"answer\" ({childKey}) finished]\nchild says 42", announcement!.Text);
    }

    [Fact]
    public async Task Sessions_send_runs_the_other_session_and_returns_its_reply()
    {
        await using var fakes = await FakeModels.StartAsync();
        await using var gateway = await StartAsync(fakes, extra: "tools: { sessions: { visibility: 'agent' } },");
        fakes.OpenAi.DefaultReply = request => request.ToJsonString().Contains("sent by another session", StringComparison.Ordinal)
            ? FakeModelReply.Text("pong from the group")
            : ((JsonArray)request["messages"]!).Any(m => (string?)m!["role"] == "tool")
                ? FakeModelReply.Text("relayed")
                : FakeModelReply.ToolCall("sessions_send", new { sessionKey = "agent:main:discord:channel:ops", message = "ping", timeoutSeconds = 30 });

        var (result, events) = await RunAsync(gateway, "ask the ops channel");

        Assert.Equal("relayed", result.Text);
        var sent = Assert.Single(events.OfType<ToolCallCompleted>());
        Assert.Contains("pong from the group", sent.Result, StringComparison.Ordinal);
        var transcript = await gateway.Get<ISessionStores>().For("main").ReadTranscriptAsync("agent:main:discord:channel:ops", Ct);
        Assert.Equal(["ping", "pong from the group"], transcript.Select(e => e.Message!.Text));
    }

    private static Task<TestGateway> StartAsync(FakeModels fakes, string extra = "", Action<IServiceCollection>? services = null) =>
        TestGateway.StartAsync(fakes.Config(fallbacks: "", extra: extra), s =>
        {
            s.AddGatewayTools(new ConfigurationBuilder().Build());
            services?.Invoke(s);
        });

    private static async Task<(RunResult Result, IReadOnlyList<RunEvent> Events)> RunAsync(TestGateway gateway, string message)
    {
        var runner = gateway.Get<IAgentRunner>();
        var runId = Guid.NewGuid().ToString();
        using var recorder = new RunEventRecorder(gateway.Get<IRunEvents>(), runId);
        await runner.StartAsync(new AgentRunRequest { Message = message, RunId = runId }, Ct);
        var result = await runner.WaitAsync(runId, TimeSpan.FromSeconds(90), Ct);
        return (result!, await recorder.UntilEndAsync());
    }

    private static string Workspace(TestGateway gateway) => Path.Combine(gateway.Home.StateDir, "workspace");

    private static string? SessionIdOf(JsonObject request) =>
        SessionIdPattern().Match(request.ToJsonString()) is { Success: true } m ? m.Groups[1].Value : null;

    private static string? ChildKeyOf(JsonObject request) =>
        ChildKeyPattern().Match(request.ToJsonString()) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex(@"Command still running \(session ([a-z0-9]+)")]
    private static partial Regex SessionIdPattern();

    [GeneratedRegex(@"(agent:main:main:subagent:[0-9a-f-]{36})")]
    private static partial Regex ChildKeyPattern();
}
