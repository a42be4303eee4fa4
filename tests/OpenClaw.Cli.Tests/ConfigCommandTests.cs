using System.Text.Json.Nodes;

namespace OpenClaw.Cli.Tests;

/// <summary><c>openclaw config …</c> on the file system: edits keep the user's comments; bad edits are refused with the key path.</summary>
public sealed class ConfigCommandTests : IDisposable
{
    private const string Commented = """
        // My OpenClaw config — keep these notes!
        {
          /* gateway settings */
          gateway: {
            port: 18789, // the default port
            mode: 'local',
          },
          agents: { defaults: { workspace: "~/work" } },
        }
        """;

    private readonly TempState _state = new();

    [Fact]
    public async Task Set_changes_one_value_and_keeps_comments_and_layout()
    {
        _state.WriteConfig(Commented);

        var result = await CliProcess.RunAsync(_state.Env, "config", "set", "gateway.port", "19000");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Commented.Replace("port: 18789", "port: 19000", StringComparison.Ordinal), _state.ReadConfig().TrimEnd('\n'));
        Assert.Contains("Restart the gateway to apply", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_adds_nested_keys_get_reads_them_and_unset_removes_them()
    {
        _state.WriteConfig(Commented);

        Assert.Equal(0, (await CliProcess.RunAsync(_state.Env, "config", "set", "gateway.auth.token", "abc123")).ExitCode);
        Assert.Equal(0, (await CliProcess.RunAsync(_state.Env, "config", "set", "channels.telegram", "{ botToken: '1:x', dmPolicy: 'pairing' }")).ExitCode);

        var text = _state.ReadConfig();
        Assert.Contains("// the default port", text, StringComparison.Ordinal);
        Assert.Contains("/* gateway settings */", text, StringComparison.Ordinal);
        Assert.Equal("abc123", (await CliProcess.RunAsync(_state.Env, "config", "get", "gateway.auth.token")).Stdout.Trim());
        var channel = JsonNode.Parse((await CliProcess.RunAsync(_state.Env, "config", "get", "channels.telegram")).Stdout)!;
        Assert.Equal("pairing", (string?)channel["dmPolicy"]);

        var unset = await CliProcess.RunAsync(_state.Env, "config", "unset", "gateway.auth");
        Assert.True(unset.ExitCode == 0, unset.ToString());
        var missing = await CliProcess.RunAsync(_state.Env, "config", "get", "gateway.auth.token");
        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith("Config path not found: gateway.auth.token", missing.Stderr, StringComparison.Ordinal);
        Assert.Contains("// the default port", _state.ReadConfig(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_refuses_a_value_the_gateway_would_reject_and_leaves_the_file_alone()
    {
        _state.WriteConfig(Commented);

        var result = await CliProcess.RunAsync(_state.Env, "config", "set", "gateway.bind", "everywhere");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("not saved, the gateway would refuse this config: gateway.bind: invalid value \"everywhere\"", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(Commented, _state.ReadConfig());
    }

    [Fact]
    public async Task Validate_names_each_bad_key_with_a_fix_and_exits_1()
    {
        _state.WriteConfig("{ gateway: { prot: 1, port: 'x' } }");

        var result = await CliProcess.RunAsync(_state.Env, "config", "validate");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("gateway.prot: unknown key (did you mean port?)", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("gateway.port: expected an integer", result.Stderr, StringComparison.Ordinal);

        var json = JsonNode.Parse((await CliProcess.RunAsync(_state.Env, "config", "validate", "--json")).Stdout)!;
        Assert.False((bool)json["valid"]!);
        Assert.Equal(2, json["issues"]!.AsArray().Count);
    }

    [Fact]
    public async Task Validate_reports_a_syntax_error_with_its_line()
    {
        _state.WriteConfig("{\n  gateway: {\n    port: 18789\n    mode: 'local'\n  }\n}");

        var result = await CliProcess.RunAsync(_state.Env, "config", "validate");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("at line 4", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_config_makes_gateway_commands_fail_with_one_line()
    {
        _state.WriteConfig("{ gateway: { port: 18789, ");

        var result = await CliProcess.RunAsync(_state.Env, "health");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"invalid config {_state.ConfigPath}:", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        CliProcess.AssertNoStackTrace(result);
    }

    [Fact]
    public async Task File_honours_OPENCLAW_CONFIG_PATH_and_profile()
    {
        var env = _state.Env;
        env["OPENCLAW_CONFIG_PATH"] = Path.Combine(_state.Home, "custom.json5");
        Assert.Equal(Path.Combine(_state.Home, "custom.json5"), (await CliProcess.RunAsync(env, "config", "file")).Stdout.Trim());

        var profileEnv = new Dictionary<string, string?> { ["HOME"] = _state.Home };
        Assert.Equal(Path.Combine(_state.Home, ".openclaw-work", "openclaw.json"), (await CliProcess.RunAsync(profileEnv, "--profile", "work", "config", "file")).Stdout.Trim());
        Assert.Equal(Path.Combine(_state.Home, ".openclaw-dev", "openclaw.json"), (await CliProcess.RunAsync(profileEnv, "--dev", "config", "file")).Stdout.Trim());
    }

    [Fact]
    public async Task Dev_profile_points_commands_at_port_19001()
    {
        var result = await CliProcess.RunAsync(new Dictionary<string, string?> { ["HOME"] = _state.Home, ["OPENCLAW_GATEWAY_TOKEN"] = "t" }, "--dev", "health", "--timeout", "3000");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ws://127.0.0.1:19001", result.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _state.Dispose();
}
