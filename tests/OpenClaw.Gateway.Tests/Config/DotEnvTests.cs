using OpenClaw.Gateway.Runs;
using OpenClaw.Gateway.Tests.Infrastructure;

namespace OpenClaw.Gateway.Tests.Config;

public class DotEnvTests
{
    [Fact]
    public async Task State_dir_dotenv_fills_variables_used_by_the_config()
    {
        await using var fakes = await FakeModels.StartAsync();
        using var home = new TempHome();
        await File.WriteAllTextAsync(Path.Combine(home.StateDir, ".env"), "# keys\nexport FAKE_MODEL_KEY=\"test-key\"\nOTHER=1 # comment\n", TestContext.Current.CancellationToken);
        var config = fakes.Config().Replace("apiKey: 'test-key' },\n    fakeclaude", "apiKey: '${FAKE_MODEL_KEY}' },\n    fakeclaude", StringComparison.Ordinal);
        Assert.Contains("${FAKE_MODEL_KEY}", config, StringComparison.Ordinal);

        await using var gateway = await TestGateway.StartAsync(config, home: home);
        var runner = gateway.Get<IAgentRunner>();
        var run = await runner.StartAsync(new AgentRunRequest { Message = "hi" }, TestContext.Current.CancellationToken);
        var result = await runner.WaitAsync(run.RunId, TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.Equal("echo: hi", result!.Text); // the fake only accepts "test-key"
    }
}
