using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace OpenClaw.Cli.Tests;

/// <summary>What a user sees when something is wrong: one clear line (or a JSON error with --json) and exit code 1.</summary>
public sealed class CliBehaviourTests : IDisposable
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), "openclaw-cli-test-" + Guid.NewGuid().ToString("N")[..10]);

    private Dictionary<string, string?> Env => new() { ["OPENCLAW_STATE_DIR"] = _state, ["HOME"] = _state };

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task An_unreachable_gateway_is_one_line_naming_the_url_and_exit_code_1()
    {
        var port = ClosedPort();
        var result = await CliProcess.RunAsync(Env, "gateway", "call", "health", "--url", $"ws://127.0.0.1:{port}", "--token", "t");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"Gateway not reachable at ws://127.0.0.1:{port}/", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Start it with: openclaw gateway run", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task With_json_the_error_is_a_json_object_on_stdout()
    {
        var port = ClosedPort();
        var result = await CliProcess.RunAsync(Env, "gateway", "call", "health", "--url", $"ws://127.0.0.1:{port}", "--token", "t", "--json");

        var json = JsonNode.Parse(result.Stdout)!;
        Assert.Equal(1, result.ExitCode);
        Assert.False((bool)json["ok"]!);
        Assert.Equal("gateway_transport_error", (string?)json["error"]!["type"]);
        Assert.Equal("cli --url", (string?)json["gateway"]!["urlSource"]);
    }

    [Fact]
    public async Task An_explicit_url_needs_explicit_credentials()
    {
        var result = await CliProcess.RunAsync(Env, "gateway", "call", "health", "--url", "ws://127.0.0.1:9");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("gateway url override requires explicit credentials", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_env_url_takes_the_env_token()
    {
        var port = ClosedPort();
        var env = Env;
        env["OPENCLAW_GATEWAY_URL"] = $"ws://127.0.0.1:{port}";
        env["OPENCLAW_GATEWAY_TOKEN"] = "from-env";
        var result = await CliProcess.RunAsync(env, "health", "--json");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("env OPENCLAW_GATEWAY_URL", (string?)JsonNode.Parse(result.Stdout)!["gateway"]!["urlSource"]);
    }

    [Theory]
    [InlineData("[1]", "--params must be a JSON object")]
    [InlineData("{oops", "--params is not valid JSON")]
    public async Task Bad_params_are_explained(string parameters, string message)
    {
        var result = await CliProcess.RunAsync(Env, "gateway", "call", "health", "--params", parameters, "--url", "ws://127.0.0.1:9", "--token", "t");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith(message, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_flag_is_reported_with_exit_code_1()
    {
        var result = await CliProcess.RunAsync(Env, "health", "--bogus");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--bogus", result.Stderr + result.Stdout, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_state))
        {
            Directory.Delete(_state, recursive: true);
        }
    }
}
