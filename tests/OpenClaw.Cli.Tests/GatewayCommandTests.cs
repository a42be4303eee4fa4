using System.Text.Json.Nodes;
using OpenClaw.Fakes.Models;

namespace OpenClaw.Cli.Tests;

/// <summary>The gateway-backed commands, each run as the built CLI against the running gateway of <see cref="GatewayFixture"/>.</summary>
[Collection(GatewayCollection.Name)]
public sealed class GatewayCommandTests(GatewayFixture gateway)
{
    [Fact]
    public async Task Health_finds_the_gateway_from_the_config_file()
    {
        var result = await gateway.CliAsync("health");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("Gateway: ok", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Agent main (default)", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gateway_health_json_is_the_health_snapshot()
    {
        var result = await gateway.CliAsync("gateway", "health", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True((bool)JsonNode.Parse(result.Stdout)!["ok"]!);
    }

    [Fact]
    public async Task Status_deep_adds_health_and_channels_to_the_json()
    {
        var result = await gateway.CliAsync("status", "--deep", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = JsonNode.Parse(result.Stdout)!;
        Assert.NotNull(json["sessions"]);
        Assert.True((bool)json["health"]!["ok"]!);
        Assert.NotNull(json["channelsStatus"]!["channelOrder"]);

        var table = await gateway.CliAsync("status");
        Assert.Contains("reachable", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_token_is_one_line_with_the_fix()
    {
        var result = await gateway.CliAsync("health", "--url", gateway.Url, "--token", "not-the-token");

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("token mismatch", line, StringComparison.Ordinal);
        Assert.Contains("--token or OPENCLAW_GATEWAY_TOKEN", line, StringComparison.Ordinal);
        CliProcess.AssertNoStackTrace(result);
    }

    [Fact]
    public async Task Agent_message_prints_the_models_reply_and_json_has_the_run()
    {
        gateway.Model.Enqueue(FakeModelReply.Text("Hello from the fake model"));
        var result = await gateway.CliAsync("agent", "--message", "say hello", "--session-id", "agent:main:cli-agent-test");

        Assert.True(result.ExitCode == 0, result.ToString() + gateway.Gateway.Output);
        Assert.Equal("Hello from the fake model", result.Stdout.Trim());

        gateway.Model.Enqueue(FakeModelReply.Text("second answer"));
        var json = await gateway.CliAsync("agent", "-m", "again", "--session-id", "agent:main:cli-agent-test", "--json");
        Assert.True(json.ExitCode == 0, json.ToString());
        var run = JsonNode.Parse(json.Stdout)!;
        Assert.Equal("ok", (string?)run["status"]);
        Assert.Equal("second answer", (string?)run["result"]!["payloads"]![0]!["text"]);

        // The same turns are now in the session: history and reset see them.
        var history = await gateway.CliAsync("sessions", "history", "agent:main:cli-agent-test");
        Assert.True(history.ExitCode == 0, history.ToString());
        Assert.Contains("user: say hello", history.Stdout, StringComparison.Ordinal);
        Assert.Contains("assistant: second answer", history.Stdout, StringComparison.Ordinal);

        var list = await gateway.CliAsync("sessions", "--json");
        Assert.Contains(JsonNode.Parse(list.Stdout)!["sessions"]!.AsArray(), s => (string?)s!["key"] == "agent:main:cli-agent-test");

        var before = (string?)JsonNode.Parse(list.Stdout)!["sessions"]!.AsArray().First(s => (string?)s!["key"] == "agent:main:cli-agent-test")!["sessionId"];
        var reset = await gateway.CliAsync("sessions", "reset", "agent:main:cli-agent-test");
        Assert.True(reset.ExitCode == 0, reset.ToString());
        Assert.Contains("Reset agent:main:cli-agent-test: new session", reset.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(before!, reset.Stdout, StringComparison.Ordinal);
        var empty = await gateway.CliAsync("sessions", "history", "agent:main:cli-agent-test");
        Assert.Contains("No messages", empty.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_agent_run_exits_1_with_the_reason()
    {
        gateway.Model.Enqueue(FakeModelReply.Error(400, "invalid_request_error", "this request is bad"));
        var result = await gateway.CliAsync("agent", "--message", "fail please", "--session-id", "agent:main:cli-agent-fail");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("agent run failed:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("this request is bad", result.Stderr, StringComparison.Ordinal);
        CliProcess.AssertNoStackTrace(result);
    }

    [Fact]
    public async Task Logs_prints_the_gateway_log_tail()
    {
        var result = await gateway.CliAsync("logs", "--limit", "20", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var first = JsonNode.Parse(result.Stdout.Split('\n')[0])!;
        Assert.Equal("meta", (string?)first["type"]);
        Assert.EndsWith(".log", (string?)first["file"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_follow_keeps_running_until_stopped()
    {
        using var process = System.Diagnostics.Process.Start(CliProcess.StartInfo(gateway.State.Env, ["logs", "--follow", "--interval", "200"]))!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        try
        {
            // Still running after many polls: --follow does not exit on its own.
            await Task.WhenAny(process.WaitForExitAsync(TestContext.Current.CancellationToken), Task.Delay(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
            Assert.False(process.HasExited, "logs --follow exited by itself");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        Assert.DoesNotContain("   at ", await stdout + await stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Channels_status_lists_no_channels_for_a_gateway_without_any()
    {
        var result = await gateway.CliAsync("channels", "status");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("No channels configured", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Devices_list_shows_this_cli_and_revoke_of_an_unknown_device_fails_clearly()
    {
        var list = await gateway.CliAsync("devices", "list", "--json");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.NotNull(JsonNode.Parse(list.Stdout)!["paired"]);

        var revoke = await gateway.CliAsync("devices", "revoke", "--device", "no-such-device", "--role", "operator");
        Assert.Equal(1, revoke.ExitCode);
        Assert.Contains("no-such-device", revoke.Stderr, StringComparison.Ordinal);
        CliProcess.AssertNoStackTrace(revoke);
    }

    [Fact]
    public async Task Devices_approve_without_an_id_never_approves_blindly_and_reject_names_the_request()
    {
        var approve = await gateway.CliAsync("devices", "approve");
        Assert.Equal(1, approve.ExitCode);
        Assert.StartsWith("No pending device requests.", approve.Stderr, StringComparison.Ordinal);

        var reject = await gateway.CliAsync("devices", "reject", "no-such-request");
        Assert.Equal(1, reject.ExitCode);
        Assert.Contains("no-such-request", reject.Stderr, StringComparison.Ordinal);
        CliProcess.AssertNoStackTrace(reject);
    }

    [Fact]
    public async Task Sandbox_list_without_a_sandbox_manager_says_what_to_start()
    {
        var result = await gateway.CliAsync("sandbox", "list");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("sandbox manager not reachable", result.Stderr, StringComparison.Ordinal);
        CliProcess.AssertNoStackTrace(result);
    }

    [Fact]
    public async Task Sandbox_explain_reports_the_effective_mode()
    {
        var result = await gateway.CliAsync("sandbox", "explain", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("off", (string?)JsonNode.Parse(result.Stdout)!["mode"]);
    }

    [Fact]
    public async Task Dashboard_no_open_prints_the_tokenized_url()
    {
        var result = await gateway.CliAsync("dashboard", "--no-open");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"http://127.0.0.1:{gateway.Port}/#token={GatewayFixture.Token}", result.Stdout.Trim());
    }

    [Fact]
    public async Task The_embedded_config_schema_matches_what_the_gateway_serves()
    {
        var served = await gateway.CliAsync("gateway", "call", "config.schema");
        var local = await gateway.CliAsync("config", "schema");

        Assert.True(served.ExitCode == 0, served.ToString());
        // If this fails the gateway's config classes changed: refresh OpenClaw.Cli/config.schema.json from config.schema.
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(served.Stdout)!["schema"], JsonNode.Parse(local.Stdout)), "OpenClaw.Cli/config.schema.json is out of date");
    }
}
