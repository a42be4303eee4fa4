using Microsoft.Extensions.Time.Testing;
using OpenClaw.Contracts.Sandbox;
using OpenClaw.SandboxManager.Tests.Infrastructure;

namespace OpenClaw.SandboxManager.Tests;

/// <summary>The periodic prune applies each container's own rule (from its spec) without anyone asking.</summary>
public sealed class PruneLoopTests : IAsyncLifetime
{
    private SandboxTestEnvironment _env = null!;
    private FakeTimeProvider _clock = null!;

    public async ValueTask InitializeAsync()
    {
        _env = await SandboxTestEnvironment.StartAsync();
        _clock = SandboxTestEnvironment.FakeClock();
        await _env.StartManagerAsync(_clock, new Dictionary<string, string?> { ["OpenClaw:SandboxManager:PruneInterval"] = "00:00:01" });
    }

    public async ValueTask DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task The_loop_removes_a_container_idle_past_its_own_rule_and_keeps_one_whose_rule_is_disabled()
    {
        var shortLived = TestSpecs.Create(_env, "agent:short") with { Prune = new SandboxPrune(IdleHours: 1, MaxAgeDays: 0) };
        var keeper = TestSpecs.Create(_env, "agent:keeper") with { Prune = new SandboxPrune(IdleHours: 0, MaxAgeDays: 0) };
        await _env.Requester.CallAsync<EnsureSandboxResult>(new EnsureSandboxRequest { Spec = shortLived });
        await _env.Requester.CallAsync<EnsureSandboxResult>(new EnsureSandboxRequest { Spec = keeper });

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && (await _env.ContainersAsync()).Count > 1)
        {
            // Each step is one prune interval on the manager's clock; the Redis lock lets one run per real second.
            _clock.Advance(TimeSpan.FromMinutes(20));
            await Task.Delay(600, TestContext.Current.CancellationToken);
        }

        var left = Assert.Single(await _env.ContainersAsync());
        Assert.Equal("/" + keeper.ContainerName, left.Names[0]);
    }
}
