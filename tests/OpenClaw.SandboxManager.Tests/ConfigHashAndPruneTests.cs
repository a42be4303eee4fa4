using Microsoft.Extensions.Time.Testing;
using OpenClaw.Contracts.Sandbox;
using OpenClaw.SandboxManager.Tests.Infrastructure;

namespace OpenClaw.SandboxManager.Tests;

/// <summary>The config-hash rule (recreate, unless used in the last 5 minutes) and pruning, on a manager with a test clock.</summary>
public sealed class ConfigHashAndPruneTests : IAsyncLifetime
{
    private SandboxTestEnvironment _env = null!;
    private FakeTimeProvider _clock = null!;

    public async ValueTask InitializeAsync()
    {
        _env = await SandboxTestEnvironment.StartAsync();
        _clock = SandboxTestEnvironment.FakeClock();
        await _env.StartManagerAsync(_clock);
    }

    public async ValueTask DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task A_changed_config_keeps_a_hot_container_with_a_warning_then_recreates_it_once_idle()
    {
        var original = TestSpecs.Create(_env, "agent:main:telegram:group:77");
        var changed = original with { ConfigHash = TestSpecs.Hash("memory changed"), Memory = 128L * 1024 * 1024 };

        var created = await Ensure(original);
        var hot = await _env.Requester.SendAsync(new EnsureSandboxRequest { Spec = changed });
        var hotInspect = await _env.InspectAsync(original.ContainerName);
        _clock.Advance(TimeSpan.FromMinutes(6));
        var cold = await Ensure(changed);
        var coldInspect = await _env.InspectAsync(original.ContainerName);

        Assert.Equal("created", created.Action);
        var hotResult = Assert.IsType<EnsureSandboxResult>(hot.Result);
        Assert.Equal(("kept-hot", created.ContainerId), (hotResult.Action, hotResult.ContainerId));
        Assert.Equal(
            $"Sandbox config changed for {original.ContainerName} (recently used). Recreate to apply: openclaw sandbox recreate --session agent:main:telegram:group:77",
            Assert.Single(hot.Warnings));
        Assert.Equal(original.ConfigHash, hotInspect.Config.Labels["openclaw.configHash"]);
        Assert.Equal("recreated", cold.Action);
        Assert.NotEqual(created.ContainerId, cold.ContainerId);
        Assert.Equal(changed.ConfigHash, coldInspect.Config.Labels["openclaw.configHash"]);
        Assert.Equal(128L * 1024 * 1024, coldInspect.HostConfig.Memory);
    }

    [Fact]
    public async Task The_recreate_hint_names_the_agent_or_all_by_scope()
    {
        var agent = TestSpecs.Create(_env, "agent:helper");
        var shared = TestSpecs.Create(_env, "shared") with { ContainerName = _env.Prefix + "shared" };
        await Ensure(agent);
        await Ensure(shared);

        var agentHot = await _env.Requester.SendAsync(new EnsureSandboxRequest { Spec = agent with { ConfigHash = TestSpecs.Hash("x") } });
        var sharedHot = await _env.Requester.SendAsync(new EnsureSandboxRequest { Spec = shared with { ConfigHash = TestSpecs.Hash("y") } });

        Assert.EndsWith("Recreate to apply: openclaw sandbox recreate --agent helper", Assert.Single(agentHot.Warnings), StringComparison.Ordinal);
        Assert.EndsWith("Recreate to apply: openclaw sandbox recreate --all", Assert.Single(sharedHot.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prune_removes_idle_and_old_containers_and_zero_disables_each_rule()
    {
        var idle = TestSpecs.Create(_env, "agent:idle");
        var busy = TestSpecs.Create(_env, "agent:busy");
        await Ensure(idle);
        await Ensure(busy);
        _clock.Advance(TimeSpan.FromHours(23));
        await Ensure(busy);
        _clock.Advance(TimeSpan.FromHours(2));

        var disabled = await Prune(idleHours: 0, maxAgeDays: 0);
        var byIdle = await Prune(idleHours: 24, maxAgeDays: 7);
        _clock.Advance(TimeSpan.FromDays(6));
        await Ensure(busy);
        var stillYoung = await Prune(idleHours: 24, maxAgeDays: 0);
        var byAge = await Prune(idleHours: 24, maxAgeDays: 7);

        Assert.Empty(disabled.Removed);
        Assert.Equal([idle.ContainerName], byIdle.Removed);
        Assert.Empty(stillYoung.Removed);
        Assert.Equal([busy.ContainerName], byAge.Removed);
        Assert.Empty(await _env.ContainersAsync());
    }

    private async Task<EnsureSandboxResult> Ensure(SandboxSpec spec) =>
        await _env.Requester.CallAsync<EnsureSandboxResult>(new EnsureSandboxRequest { Spec = spec });

    private Task<PruneSandboxesResult> Prune(int idleHours, int maxAgeDays) =>
        _env.Requester.CallAsync<PruneSandboxesResult>(new PruneSandboxesRequest { IdleHours = idleHours, MaxAgeDays = maxAgeDays, ContainerPrefix = _env.Prefix });
}
