using OpenClaw.Gateway.Runs;
using OpenClaw.Gateway.Tests.Infrastructure;

namespace OpenClaw.Gateway.Tests.Runs;

public class ModelCredentialTests
{
    private static string Config(FakeModels fakes) => $$"""
        { gateway: { mode: 'local' }, agents: { defaults: { model: 'fakeai/gpt-test' } },
          models: { providers: { fakeai: { api: 'openai-completions', baseUrl: '{{fakes.OpenAi.BaseUrl}}' } } } }
        """;

    private static async Task<RunResult> AskAsync(TestGateway gateway)
    {
        var runner = gateway.Get<IAgentRunner>();
        var run = await runner.StartAsync(new AgentRunRequest { Message = "hi" }, TestContext.Current.CancellationToken);
        return (await runner.WaitAsync(run.RunId, TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken))!;
    }

    [Fact]
    public async Task Key_from_the_agents_auth_profiles_is_used()
    {
        await using var fakes = await FakeModels.StartAsync();
        using var home = new TempHome();
        var agentDir = Path.Combine(home.StateDir, "agents", "main", "agent");
        Directory.CreateDirectory(agentDir);
        await File.WriteAllTextAsync(Path.Combine(agentDir, "auth-profiles.json"), """
            { "version": 1, "profiles": {
                "fakeai:someone@example.com": { "type": "api_key", "provider": "fakeai", "key": "wrong-key" },
                "fakeai:default": { "type": "api_key", "provider": "fakeai", "key": "test-key" } } }
            """, TestContext.Current.CancellationToken);

        await using var gateway = await TestGateway.StartAsync(Config(fakes), home: home);

        Assert.Equal("echo: hi", (await AskAsync(gateway)).Text);
    }

    [Fact]
    public async Task Without_credentials_the_provider_rejection_is_reported()
    {
        await using var fakes = await FakeModels.StartAsync();
        await using var gateway = await TestGateway.StartAsync(Config(fakes));

        var result = await AskAsync(gateway);

        Assert.Equal("error", result.Status);
        Assert.Contains("fakeai/gpt-test: authentication failed (check the API key)", result.Error, StringComparison.Ordinal);
    }
}
