using System.Text.Json.Nodes;
using OpenClaw.Fakes.Models;
using OpenClaw.Gateway.Runs;
using OpenClaw.Gateway.Sessions;
using OpenClaw.Gateway.Tests.Infrastructure;
using OpenClaw.Gateway.Tools;

namespace OpenClaw.Gateway.Tests.Runs;

/// <summary>The agent loop end to end: a real gateway host against the fake OpenAI / Anthropic servers.</summary>
public class AgentRunTests
{
    private static async Task<(RunResult Result, IReadOnlyList<RunEvent> Events)> RunAsync(TestGateway gateway, string message, string? sessionKey = null)
    {
        var runner = gateway.Get<IAgentRunner>();
        var runId = Guid.NewGuid().ToString();
        using var recorder = new RunEventRecorder(gateway.Get<IRunEvents>(), runId);
        await runner.StartAsync(new AgentRunRequest { Message = message, SessionKey = sessionKey, RunId = runId }, TestContext.Current.CancellationToken);
        var result = await runner.WaitAsync(runId, TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        return (result!, await recorder.UntilEndAsync());
    }

    [Theory]
    [InlineData("fakeai/gpt-test")]
    [InlineData("fakeclaude/claude-test")]
    public async Task Plain_turn_streams_deltas_and_ends_with_the_reply_and_usage(string model)
    {
        await using var fakes = await FakeModels.StartAsync();
        await using var gateway = await TestGateway.StartAsync(fakes.Config(primary: model, fallbacks: ""));
        FakeModelServer server = model.StartsWith("fakeai", StringComparison.Ordinal) ? fakes.OpenAi : fakes.Anthropic;
        server.Enqueue(FakeModelReply.Text("Hello from the model!", chunks: 4, inputTokens: 21, outputTokens: 6));

        var (result, events) = await RunAsync(gateway, "hi there");

        Assert.Equal(("ok", null), (result.Status, result.Error));
        Assert.Equal("Hello from the model!", result.Text);
        Assert.Equal(new RunUsage(21, 6, 0, 0), result.Usage);
        Assert.IsType<RunStarted>(events[0]);
        var deltas = events.OfType<AssistantDelta>().ToList();
        Assert.True(deltas.Count >= 2, "the reply should arrive as several deltas");
        Assert.Equal("Hello from the model!", string.Concat(deltas.Select(d => d.Delta)));
        var final = Assert.IsType<RunCompleted>(events[^1]);
        Assert.Equal(("Hello from the model!", "stop"), (final.Text, final.StopReason));
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Seq));
        Assert.All(events, e => Assert.Equal("agent:main:main", e.SessionKey));

        var request = Assert.Single(server.Requests);
        Assert.Contains("hi there", request.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("AGENTS.md", request.ToJsonString(), StringComparison.Ordinal); // system prompt from the bootstrapped workspace
        Assert.True(File.Exists(Path.Combine(gateway.Home.StateDir, "workspace", "SOUL.md")));
    }

    [Theory]
    [InlineData("fakeai/gpt-test")]
    [InlineData("fakeclaude/claude-test")]
    public async Task Multi_step_tool_call_turn_runs_the_tool_and_feeds_the_result_back(string model)
    {
        await using var fakes = await FakeModels.StartAsync();
        var tool = new AddTool();
        var catalog = new TestToolCatalog(tool);
        await using var gateway = await TestGateway.StartAsync(fakes.Config(primary: model, fallbacks: ""), s => s.AddSingleton<IToolCatalog>(catalog));
        FakeModelServer server = model.StartsWith("fakeai", StringComparison.Ordinal) ? fakes.OpenAi : fakes.Anthropic;
        server.Enqueue(
            FakeModelReply.ToolCall("add", new { a = 2, b = 3 }, "call_1"),
            FakeModelReply.ToolCall("add", new { a = 5, b = 10 }, "call_2"),
            FakeModelReply.Text("The total is 15."));

        var (result, events) = await RunAsync(gateway, "add 2 and 3, then add 10");

        Assert.Equal(("ok", "The total is 15."), (result.Status, result.Text));
        Assert.Equal(2, tool.Calls.Count);
        Assert.Equal(2, tool.Calls.First().Arguments.GetProperty("a").GetInt32());
        Assert.Equal("agent:main:main", tool.Calls.First().Context.SessionKey);
        Assert.Single(catalog.Requests); // asked once per run
        Assert.Equal(["call_1", "call_2"], events.OfType<ToolCallStarted>().Select(e => e.ToolCallId));
        Assert.Equal(["5", "15"], events.OfType<ToolCallCompleted>().Select(e => e.Result));
        Assert.Equal(3, server.Requests.Count);
        var tools = server.Requests[0]["tools"]!.AsArray();
        Assert.Contains("add", tools.ToJsonString(), StringComparison.Ordinal);
        var third = server.Requests[2].ToJsonString();
        Assert.Contains("call_1", third, StringComparison.Ordinal); // the earlier tool results went back to the model
        Assert.Contains("call_2", third, StringComparison.Ordinal);

        var transcript = await gateway.Get<ISessionStores>().For("main").ReadTranscriptAsync("agent:main:main", TestContext.Current.CancellationToken);
        Assert.Equal(["user", "assistant", "toolResult", "assistant", "toolResult", "assistant"], transcript.Select(t => t.Message!.Role));
        Assert.Equal("toolCall", transcript[1].Message!.Content.Single().Type);
        Assert.Equal("toolUse", transcript[1].Message!.StopReason);
        Assert.Equal(("call_1", "add", "5"), (transcript[2].Message!.ToolCallId, transcript[2].Message!.ToolName, transcript[2].Message!.Text));
        Assert.Equal("stop", transcript[5].Message!.StopReason);
    }

    [Fact]
    public async Task Rate_limited_primary_falls_back_to_the_second_model_and_cools_down()
    {
        await using var fakes = await FakeModels.StartAsync();
        await using var gateway = await TestGateway.StartAsync(fakes.Config());
        fakes.OpenAi.Enqueue(FakeModelReply.RateLimited(retryAfterSeconds: 30));
        fakes.Anthropic.Enqueue(FakeModelReply.Text("answer from the fallback"));

        var (result, events) = await RunAsync(gateway, "hello");

        Assert.Equal(("ok", "answer from the fallback"), (result.Status, result.Text));
        Assert.Equal(("fakeclaude", "claude-test"), (result.Provider, result.Model));
        var selections = events.OfType<RunModelSelected>().ToList();
        Assert.Equal(["fakeai", "fakeclaude"], selections.Select(s => s.Provider));
        Assert.Equal(("fakeai/gpt-test", "RateLimit"), (selections[1].FailoverFrom, selections[1].FailoverReason));
        Assert.Single(fakes.OpenAi.Requests); // no SDK-internal retries: failover is immediate

        // The primary now cools down: the next turn goes straight to the fallback.
        var (second, _) = await RunAsync(gateway, "again");
        Assert.Equal("fakeclaude", second.Provider);
        Assert.Single(fakes.OpenAi.Requests);
    }

    [Theory]
    [InlineData(529)]
    [InlineData(500)]
    public async Task Overloaded_or_failing_anthropic_primary_falls_back_to_openai(int status)
    {
        await using var fakes = await FakeModels.StartAsync();
        await using var gateway = await TestGateway.StartAsync(fakes.Config(primary: "fakeclaude/claude-test", fallbacks: "'fakeai/gpt-test'"));
        fakes.Anthropic.Enqueue(status == 529 ? FakeModelReply.Overloaded() : FakeModelReply.ServerError());
        fakes.OpenAi.Enqueue(FakeModelReply.Text("openai saves the day"));

        var (result, _) = await RunAsync(gateway, "hello");

        Assert.Equal(("ok", "openai saves the day", "fakeai"), (result.Status, result.Text, result.Provider));
    }

    [Fact]
    public async Task When_every_model_fails_the_run_reports_all_failures()
    {
        await using var fakes = await FakeModels.StartAsync();
        await using var gateway = await TestGateway.StartAsync(fakes.Config());
        fakes.OpenAi.Enqueue(FakeModelReply.RateLimited());
        fakes.Anthropic.Enqueue(FakeModelReply.Overloaded());

        var (result, events) = await RunAsync(gateway, "hello");

        Assert.Equal("error", result.Status);
        Assert.Contains("All models failed (2)", result.Error, StringComparison.Ordinal);
        Assert.Contains("fakeai/gpt-test: rate limited (429)", result.Error, StringComparison.Ordinal);
        Assert.Contains("fakeclaude/claude-test: overloaded", result.Error, StringComparison.Ordinal);
        Assert.Equal("rate_limit", Assert.IsType<RunFailed>(events[^1]).ErrorKind);
    }

    [Fact]
    public async Task Abort_mid_stream_stops_the_model_call_and_keeps_the_partial_text()
    {
        await using var fakes = await FakeModels.StartAsync();
        await using var gateway = await TestGateway.StartAsync(fakes.Config(fallbacks: ""));
        fakes.OpenAi.Enqueue(FakeModelReply.Hang("Once upon a time"));
        var runner = gateway.Get<IAgentRunner>();
        var runId = "run-abort-1";
        using var recorder = new RunEventRecorder(gateway.Get<IRunEvents>(), runId);

        await runner.StartAsync(new AgentRunRequest { Message = "tell me a story", RunId = runId }, TestContext.Current.CancellationToken);
        await Poll.UntilAsync(() => recorder.Events.OfType<AssistantDelta>().Any(), "the first delta");
        Assert.True(runner.Abort(runId));
        var result = await runner.WaitAsync(runId, TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(("aborted", "Once upon a time"), (result!.Status, result.Text));
        var aborted = Assert.IsType<RunAborted>((await recorder.UntilEndAsync())[^1]);
        Assert.Equal("Once upon a time", aborted.PartialText);
        await Poll.UntilAsync(() => fakes.OpenAi.InFlight == 0, "the model stream to be closed");
        var transcript = await gateway.Get<ISessionStores>().For("main").ReadTranscriptAsync("agent:main:main", TestContext.Current.CancellationToken);
        Assert.Equal(("aborted", "Once upon a time"), (transcript[^1].Message!.StopReason, transcript[^1].Message!.Text));
        Assert.True((await gateway.Get<ISessionStores>().For("main").GetAsync("agent:main:main", TestContext.Current.CancellationToken))!.AbortedLastRun);
    }

    [Fact]
    public async Task Stop_command_aborts_the_running_turn_of_the_session()
    {
        await using var fakes = await FakeModels.StartAsync();
        await using var gateway = await TestGateway.StartAsync(fakes.Config(fallbacks: ""));
        fakes.OpenAi.Enqueue(FakeModelReply.Hang("thinking..."));
        var runner = gateway.Get<IAgentRunner>();
        var running = await runner.StartAsync(new AgentRunRequest { Message = "long task", SessionKey = "agent:main:telegram:direct:42" }, TestContext.Current.CancellationToken);
        await Poll.UntilAsync(() => fakes.OpenAi.InFlight == 1, "the model call to start");

        var (stop, _) = await RunAsync(gateway, "/stop", "agent:main:telegram:direct:42");

        Assert.Equal("⚙️ Agent was aborted.", stop.Text);
        Assert.Equal("aborted", (await runner.WaitAsync(running.RunId, TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken))!.Status);
    }

    [Fact]
    public async Task Runs_of_one_session_queue_and_the_global_cap_holds_other_sessions()
    {
        await using var fakes = await FakeModels.StartAsync();
        await using var gateway = await TestGateway.StartAsync(fakes.Config(fallbacks: "", extraDefaults: "maxConcurrent: 2"));
        fakes.OpenAi.Enqueue(FakeModelReply.Hang(), FakeModelReply.Hang());
        var runner = gateway.Get<IAgentRunner>();
        var ct = TestContext.Current.CancellationToken;

        var a1 = await runner.StartAsync(new AgentRunRequest { Message = "a1", SessionKey = "a" }, ct);
        var a2 = await runner.StartAsync(new AgentRunRequest { Message = "a2", SessionKey = "a" }, ct);
        var b1 = await runner.StartAsync(new AgentRunRequest { Message = "b1", SessionKey = "b" }, ct);
        await Poll.UntilAsync(() => fakes.OpenAi.InFlight == 2, "a1 and b1 to call the model");
        var c1 = await runner.StartAsync(new AgentRunRequest { Message = "c1", SessionKey = "c" }, ct);
        Assert.Equal(["a1", "b1"], fakes.OpenAi.Requests.Select(LastUser).Order());

        runner.Abort(a1.RunId);
        var a2Result = await runner.WaitAsync(a2.RunId, TimeSpan.FromSeconds(30), ct); // a2 runs only after a1 ended
        Assert.Equal(("ok", "echo: a2"), (a2Result!.Status, a2Result.Text));
        runner.Abort(b1.RunId);
        Assert.Equal("echo: c1", (await runner.WaitAsync(c1.RunId, TimeSpan.FromSeconds(30), ct))!.Text);
        Assert.Equal("agent:main:a", a1.SessionKey);
    }

    [Fact]
    public async Task Without_any_model_the_run_says_how_to_configure_one()
    {
        await using var gateway = await TestGateway.StartAsync("{ gateway: { mode: 'local' } }");

        var (result, _) = await RunAsync(gateway, "hello");

        Assert.Equal("error", result.Status);
        Assert.Contains("no model configured: set OPENAI_API_KEY or run openclaw onboard", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Built_in_openai_provider_uses_OPENAI_API_KEY_and_the_configured_base_url()
    {
        await using var fakes = await FakeModels.StartAsync();
        var config = $$"""{ gateway: { mode: 'local' }, agents: { defaults: { model: 'openai/gpt-test' } }, models: { providers: { openai: { baseUrl: '{{fakes.OpenAi.BaseUrl}}' } } } }""";
        await using var gateway = await TestGateway.StartAsync(config, env: new Dictionary<string, string?> { ["OPENAI_API_KEY"] = "test-key" });

        var (result, _) = await RunAsync(gateway, "ping");

        Assert.Equal("echo: ping", result.Text);
    }

    [Fact]
    public async Task New_command_starts_a_fresh_session_and_archives_the_transcript()
    {
        await using var fakes = await FakeModels.StartAsync();
        await using var gateway = await TestGateway.StartAsync(fakes.Config());
        var (first, _) = await RunAsync(gateway, "remember 42");
        var (reset, _) = await RunAsync(gateway, "/new");
        var (after, _) = await RunAsync(gateway, "what did I say?");

        Assert.Equal("✅ New session started.", reset.Text);
        Assert.NotEqual(first.SessionId, after.SessionId);
        Assert.Single(Directory.GetFiles(gateway.Home.SessionsDir(), $"{first.SessionId}.jsonl.reset.*"));
        Assert.DoesNotContain("remember 42", fakes.OpenAi.Requests[^1].ToJsonString(), StringComparison.Ordinal);
    }

    private static string LastUser(JsonObject request) =>
        request["messages"]!.AsArray().Last(m => (string?)m!["role"] == "user")!["content"]!.ToString();
}
