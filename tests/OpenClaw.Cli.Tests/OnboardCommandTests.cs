using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenClaw.Fakes.Models;
using OpenClaw.Testing;

namespace OpenClaw.Cli.Tests;

/// <summary>
/// <c>openclaw onboard</c> driven by flags, then the config it wrote is used for real: <c>openclaw gateway run</c> starts
/// the gateway from it and <c>openclaw agent</c> gets an answer from the detected local (fake Ollama) model server.
/// </summary>
public sealed partial class OnboardCommandTests : IDisposable
{
    private readonly TempState _state = new();

    [Fact]
    public async Task Non_interactive_onboarding_detects_local_ollama_and_the_gateway_runs_from_what_it_wrote()
    {
        await using var ollama = await FakeOpenAiServer.StartNewAsync(apiKey: null);
        var port = FreePort.Next();
        _state.WriteConfig("// my notes about this machine\n{\n  gateway: { mode: 'local' }, // local only\n}\n");
        var env = _state.Env;
        env["OLLAMA_HOST"] = ollama.Url;

        var onboard = await CliProcess.RunAsync(env, "onboard", "--non-interactive", "--accept-risk", "--gateway-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--channel", "telegram", "--channel-token", "123:SECRET-TOKEN-VALUE", "--sandbox", "off");

        Assert.True(onboard.ExitCode == 0, onboard.ToString());
        Assert.Contains($"Wrote {_state.ConfigPath}:", onboard.Stdout, StringComparison.Ordinal);
        Assert.Contains("agents.defaults.model.primary = \"ollama/gpt-test\"", onboard.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-TOKEN-VALUE", onboard.Stdout, StringComparison.Ordinal);
        Assert.Contains($"Created {Path.Combine(_state.StateDir, "workspace", "AGENTS.md")}", onboard.Stdout, StringComparison.Ordinal);
        var text = _state.ReadConfig();
        Assert.StartsWith("// my notes about this machine", text, StringComparison.Ordinal);
        Assert.Contains("// local only", text, StringComparison.Ordinal);
        var token = (await CliProcess.RunAsync(env, "config", "get", "gateway.auth.token")).Stdout.Trim();
        Assert.Matches("^[0-9a-f]{64}$", token);
        Assert.Equal(ollama.BaseUrl, (await CliProcess.RunAsync(env, "config", "get", "models.providers.ollama.baseUrl")).Stdout.Trim());
        Assert.True(File.Exists(Path.Combine(_state.StateDir, "workspace", "SOUL.md")));
        Assert.Equal(0, (await CliProcess.RunAsync(env, "config", "validate")).ExitCode);

        await using var redis = await RedisServer.StartAsync();
        env["ConnectionStrings__redis"] = redis.ConnectionString;
        using var run = Process.Start(CliProcess.StartInfo(env, ["gateway", "run"]))!;
        var output = new System.Text.StringBuilder();
        run.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        run.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        run.BeginOutputReadLine();
        run.BeginErrorReadLine();
        try
        {
            await GatewayProcess.WaitForHealthzAsync(port, () => run.HasExited ? $"openclaw gateway run exited with {run.ExitCode}: {output}" : null);

            var health = await CliProcess.RunAsync(env, "health");
            Assert.True(health.ExitCode == 0, health.ToString());

            ollama.Enqueue(FakeModelReply.Text("hi from local ollama"));
            var agent = await CliProcess.RunAsync(env, "agent", "--message", "hello?");
            Assert.True(agent.ExitCode == 0, agent.ToString() + output);
            Assert.Equal("hi from local ollama", agent.Stdout.Trim());
            Assert.Equal("gpt-test", (string?)ollama.Requests[^1]["model"]);

            var dashboard = await CliProcess.RunAsync(env, "dashboard", "--no-open");
            Assert.Equal($"http://127.0.0.1:{port}/#token={token}", dashboard.Stdout.Trim());
        }
        finally
        {
            run.Kill(entireProcessTree: true);
            await run.WaitForExitAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Non_interactive_onboarding_with_an_anthropic_key_writes_the_key_to_dotenv_only()
    {
        var result = await CliProcess.RunAsync(_state.Env, "onboard", "--non-interactive", "--accept-risk", "--auth-choice", "apiKey",
            "--anthropic-api-key", "sk-ant-test-0123456789", "--gateway-token", "my-own-token", "--skip-bootstrap", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var summary = JsonNode.Parse(result.Stdout)!;
        Assert.Equal("anthropic", (string?)summary["provider"]);
        Assert.Contains("my-own-token", _state.ReadConfig(), StringComparison.Ordinal);
        Assert.DoesNotContain("sk-ant-test", _state.ReadConfig(), StringComparison.Ordinal);
        Assert.Contains("ANTHROPIC_API_KEY=sk-ant-test-0123456789", File.ReadAllText(Path.Combine(_state.StateDir, ".env")), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_state.StateDir, ".env")));
        Assert.False(Directory.Exists(Path.Combine(_state.StateDir, "workspace")));
    }

    [Theory]
    [InlineData(new[] { "onboard", "--non-interactive" }, "non-interactive onboarding needs --accept-risk")]
    [InlineData(new[] { "onboard", "--non-interactive", "--accept-risk", "--gateway-bind", "world" }, "--gateway-bind 'world': use loopback, lan, tailnet, auto or custom")]
    [InlineData(new[] { "onboard", "--non-interactive", "--accept-risk", "--auth-choice", "ollama", "--custom-base-url", "http://127.0.0.1:9" }, "no Ollama answered at http://127.0.0.1:9")]
    [InlineData(new[] { "onboard" }, "onboard needs a terminal for its prompts")]
    public async Task Bad_onboarding_input_is_one_line_and_writes_nothing(string[] args, string message)
    {
        var result = await CliProcess.RunAsync(_state.Env, args);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith(message, result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(File.Exists(_state.ConfigPath));
    }

    public void Dispose() => _state.Dispose();
}
