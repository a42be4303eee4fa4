using System.Text.Json.Nodes;
using OpenClaw.Fakes.Models;
using OpenClaw.Testing;

namespace OpenClaw.Cli.Tests;

/// <summary><c>openclaw doctor</c> against real Redis, the real Docker engine and a fake provider; every failure has a fix.</summary>
public sealed class DoctorCommandTests : IDisposable
{
    private readonly TempState _state = new();

    [Fact]
    public async Task A_healthy_setup_passes_redis_config_and_provider_checks()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var model = await FakeOpenAiServer.StartNewAsync(apiKey: null);
        _state.WriteConfig($$"""
            { gateway: { mode: 'local', auth: { mode: 'token', token: 't' } },
              agents: { defaults: { model: { primary: 'local/gpt-test' } } },
              models: { providers: { local: { api: 'openai-completions', baseUrl: '{{model.BaseUrl}}', apiKey: 'x' } } } }
            """);
        File.SetUnixFileMode(_state.StateDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(_state.ConfigPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var env = _state.Env;
        env["ConnectionStrings__redis"] = redis.ConnectionString;

        var result = await CliProcess.RunAsync(env, "doctor", "--json");

        var checks = JsonNode.Parse(result.Stdout)!["checks"]!.AsArray().ToDictionary(c => (string)c!["name"]!, c => c!);
        Assert.Equal("ok", (string?)checks["config"]["status"]);
        Assert.Equal("ok", (string?)checks["gateway auth"]["status"]);
        Assert.Equal("ok", (string?)checks["state dir"]["status"]);
        Assert.Equal("ok", (string?)checks["redis"]["status"]);
        Assert.Equal("ok", (string?)checks["provider local"]["status"]);
        // Docker is optional with sandboxing off: at most a warning.
        Assert.NotEqual("fail", (string?)checks["docker"]["status"]);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task Problems_are_reported_each_with_a_fix_and_exit_1()
    {
        _state.WriteConfig("{ gateway: { mode: 'local' }, agents: { defaults: { model: { primary: 'anthropic/claude-sonnet-4-5' } } } }");
        File.SetUnixFileMode(_state.StateDir, (UnixFileMode)Convert.ToInt32("755", 8));
        var env = _state.Env;
        env["ConnectionStrings__redis"] = $"127.0.0.1:{FreePort.Next()}";

        var result = await CliProcess.RunAsync(env, "doctor");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FAIL gateway auth: no gateway token configured", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("fix: openclaw doctor --generate-gateway-token", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"FAIL state dir: readable by others: {_state.StateDir} is 755", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("FAIL redis:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("fix: start redis-server", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("FAIL provider anthropic: anthropic/claude-sonnet-4-5 needs ANTHROPIC_API_KEY", result.Stdout, StringComparison.Ordinal);

        var fixedRun = await CliProcess.RunAsync(env, "doctor", "--fix", "--generate-gateway-token", "--json");
        var checks = JsonNode.Parse(fixedRun.Stdout)!["checks"]!.AsArray().ToDictionary(c => (string)c!["name"]!, c => c!);
        Assert.Equal("ok", (string?)checks["state dir"]["status"]);
        Assert.Equal("ok", (string?)checks["gateway auth"]["status"]);
        Assert.Equal((UnixFileMode)Convert.ToInt32("700", 8), File.GetUnixFileMode(_state.StateDir));
        Assert.Matches("token: \"[0-9a-f]{64}\"", _state.ReadConfig());
    }

    [Fact]
    public async Task A_missing_config_points_to_onboard()
    {
        var result = await CliProcess.RunAsync(_state.Env, "doctor");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FAIL config:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("fix: run: openclaw onboard", result.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => _state.Dispose();
}
