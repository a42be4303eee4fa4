using OpenClaw.Gateway.Tests.Infrastructure;

namespace OpenClaw.Gateway.Tests.Config;

/// <summary>The built gateway, run as a process, refuses invalid config with exit code 78 and names the key path.</summary>
public class ConfigExitCodeTests
{
    [Theory]
    [InlineData("syntax", "{\n  gateway: { mode: 'local' }\n  agents: {}\n}", "line 3", "JSON5 syntax error")]
    [InlineData("unknown key", "{ gateway: { mode: 'local', prot: 1 } }", "gateway.prot", "unknown key 'prot'")]
    [InlineData("wrong type", "{ gateway: { mode: 'local', port: 'abc' } }", "gateway.port", "expected a whole number")]
    [InlineData("bad enum", "{ gateway: { mode: 'local', bind: 'everywhere' } }", "gateway.bind", "expected one of: loopback, lan")]
    [InlineData("missing env var", "{ gateway: { mode: 'local' }, channels: { telegram: { botToken: '${OPENCLAW_TEST_MISSING_TOKEN}' } } }", "channels.telegram.botToken", "OPENCLAW_TEST_MISSING_TOKEN")]
    public async Task Invalid_config_exits_78_naming_the_key_path(string errorClass, string config, string path, string message)
    {
        using var home = new TempHome();
        home.WriteConfig(config);

        var (exitCode, stderr, _) = await GatewayProcess.RunToExitAsync(home);

        Assert.True(exitCode == 78, $"{errorClass}: exit {exitCode}, stderr: {stderr}");
        Assert.Contains(path, stderr, StringComparison.Ordinal);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.Contains(home.ConfigPath, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal); // no stack trace for the user
    }

    [Fact]
    public async Task Missing_config_refuses_to_start_without_allow_unconfigured()
    {
        using var home = new TempHome();

        var (exitCode, stderr, _) = await GatewayProcess.RunToExitAsync(home);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("set gateway.mode=local", stderr, StringComparison.Ordinal);
        Assert.Contains("--allow-unconfigured", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Allow_unconfigured_starts_with_defaults_and_serves_health()
    {
        using var home = new TempHome();
        await using var gateway = GatewayProcess.Start(home, Testing.FreePort.Next(), null, "--allow-unconfigured");

        await gateway.WaitHealthyAsync();

        using var http = new HttpClient();
        var body = await http.GetStringAsync(new Uri($"{gateway.BaseUrl}/readyz"), TestContext.Current.CancellationToken);
        Assert.Contains("\"ready\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_loopback_bind_without_auth_is_refused()
    {
        using var home = new TempHome();
        home.WriteConfig("{ gateway: { mode: 'local', bind: 'lan', auth: { mode: 'none' } } }");

        var (exitCode, stderr, _) = await GatewayProcess.RunToExitAsync(home);

        Assert.Equal(78, exitCode);
        Assert.Contains("refusing to bind gateway", stderr, StringComparison.Ordinal);
    }
}
