using System.Globalization;
using OpenClaw.Contracts.Sandbox;
using OpenClaw.SandboxManager.Tests.Infrastructure;

namespace OpenClaw.SandboxManager.Tests;

/// <summary>One container per scope key, upstream's labels and hardening flags, limits, setupCommand, list/recreate/explain.</summary>
public sealed class ContainerLifecycleTests : IAsyncLifetime
{
    private SandboxTestEnvironment _env = null!;

    public async ValueTask InitializeAsync()
    {
        _env = await SandboxTestEnvironment.StartAsync();
        await _env.StartManagerAsync();
    }

    public async ValueTask DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task Each_scope_key_gets_exactly_one_container_even_under_concurrent_use()
    {
        string[] sessions = ["agent:main:telegram:group:1", "agent:main:telegram:group:2", "agent:main:discord:channel:3"];
        var perSession = sessions.Select(s => TestSpecs.Create(_env, s)).ToList();
        var perAgent = TestSpecs.Create(_env, "agent:main");
        var shared = TestSpecs.Create(_env, "shared") with { ContainerName = _env.Prefix + "shared" };

        // Every session of the agent and shared scopes hits the same spec at once: the manager must not create twice.
        var calls = perSession.Select(spec => Exec(spec, "true"))
            .Concat(sessions.Select(_ => Exec(perAgent, "true")))
            .Concat(sessions.Select(_ => Exec(shared, "true")));
        await Task.WhenAll(calls);

        var names = (await _env.ContainersAsync()).Select(c => c.Names[0].TrimStart('/')).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(5, names.Count);
        Assert.Equal([.. perSession.Select(s => s.ContainerName).Append(perAgent.ContainerName).Append(shared.ContainerName).Order(StringComparer.Ordinal)], names);
    }

    [Fact]
    public async Task Containers_carry_upstreams_labels_and_hardening()
    {
        var spec = TestSpecs.Create(_env, "agent:main:whatsapp:direct:+15550001");
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        await Exec(spec, "true");
        var inspect = await _env.InspectAsync(spec.ContainerName);

        var labels = inspect.Config.Labels;
        Assert.Equal("1", labels["openclaw.sandbox"]);
        Assert.Equal(spec.ScopeKey, labels["openclaw.sessionKey"]);
        Assert.Equal(spec.ConfigHash, labels["openclaw.configHash"]);
        Assert.InRange(long.Parse(labels["openclaw.createdAtMs"], CultureInfo.InvariantCulture), before - 1000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Equal("none", inspect.HostConfig.NetworkMode);
        Assert.Equal(["ALL"], inspect.HostConfig.CapDrop);
        Assert.Contains("no-new-privileges", inspect.HostConfig.SecurityOpt);
        Assert.True(inspect.HostConfig.ReadonlyRootfs);
        Assert.Equal(["/run", "/tmp", "/var/tmp"], inspect.HostConfig.Tmpfs.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("openclaw-sandbox:bookworm-slim", inspect.Config.Image);
        Assert.Equal(["sleep", "infinity"], inspect.Config.Cmd);
        Assert.Equal("/workspace", inspect.Config.WorkingDir);
    }

    [Fact]
    public async Task Limits_user_and_hosts_are_applied_and_visible_in_docker_inspect()
    {
        var spec = TestSpecs.Create(_env, "agent:limits") with
        {
            Memory = 256L * 1024 * 1024,
            MemorySwap = 512L * 1024 * 1024,
            PidsLimit = 64,
            Cpus = 0.5,
            User = "1000:1000",
            Ulimits = [new SandboxUlimit("nofile", 256, 512)],
            ExtraHosts = ["gateway.local:10.9.8.7"],
            Env = new Dictionary<string, string> { ["LANG"] = "C.UTF-8", ["SANDBOX_FLAVOUR"] = "test" },
        };

        var result = await Exec(spec, "id -u; ulimit -n; echo $SANDBOX_FLAVOUR; getent hosts gateway.local; cat /sys/fs/cgroup/pids.max /sys/fs/cgroup/memory.max 2>/dev/null");
        var inspect = await _env.InspectAsync(spec.ContainerName);

        Assert.Equal(256L * 1024 * 1024, inspect.HostConfig.Memory);
        Assert.Equal(512L * 1024 * 1024, inspect.HostConfig.MemorySwap);
        Assert.Equal(64, inspect.HostConfig.PidsLimit);
        Assert.Equal(500_000_000, inspect.HostConfig.NanoCPUs);
        Assert.Equal("1000:1000", inspect.Config.User);
        var nofile = Assert.Single(inspect.HostConfig.Ulimits);
        Assert.Equal(("nofile", 256L, 512L), (nofile.Name, nofile.Soft, nofile.Hard));
        Assert.True(result.Stdout.StartsWith("1000\n256\ntest\n10.9.8.7", StringComparison.Ordinal), $"stdout: {result.Stdout}\nstderr: {result.Stderr}\nexit: {result.ExitCode}");
    }

    [Fact]
    public async Task SetupCommand_runs_once_after_create()
    {
        var spec = TestSpecs.Create(_env, "agent:setup") with { SetupCommand = "echo ran >> /workspace/setup.log" };

        await Exec(spec, "true");
        await _env.Requester.CallAsync<EnsureSandboxResult>(new EnsureSandboxRequest { Spec = spec });
        var result = await Exec(spec, "cat /workspace/setup.log");

        Assert.Equal("ran\n", result.Stdout);
    }

    [Fact]
    public async Task A_failing_setupCommand_is_reported_and_leaves_no_container()
    {
        var spec = TestSpecs.Create(_env, "agent:badsetup") with { SetupCommand = "echo broken >&2; exit 3" };

        var reply = await _env.Requester.SendAsync(new EnsureSandboxRequest { Spec = spec });

        Assert.False(reply.Ok);
        Assert.Contains("setupCommand failed", reply.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("broken", reply.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await _env.ContainersAsync(), c => c.Names[0].TrimStart('/') == spec.ContainerName);
    }

    [Fact]
    public async Task A_missing_image_is_a_clear_error_naming_the_setup_script()
    {
        var spec = TestSpecs.Create(_env, "agent:noimage") with { Image = "openclaw-sandbox:does-not-exist" };

        var reply = await _env.Requester.SendAsync(new ExecRequest { Spec = spec, Command = "true" });

        Assert.Equal(SandboxErrorCodes.ImageMissing, reply.Error?.Code);
        Assert.Contains("openclaw-sandbox:does-not-exist is missing", reply.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/sandbox-setup.sh", reply.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_recreate_and_explain_see_the_containers()
    {
        var agentScope = TestSpecs.Create(_env, "agent:ops");
        var sessionScope = TestSpecs.Create(_env, "agent:ops:telegram:group:9");
        var other = TestSpecs.Create(_env, "agent:other");
        await Task.WhenAll(Exec(agentScope, "true"), Exec(sessionScope, "true"), Exec(other, "true"));

        var listed = await _env.Requester.CallAsync<ListSandboxesResult>(new ListSandboxesRequest { ContainerPrefix = _env.Prefix });
        var explained = await _env.Requester.CallAsync<ExplainSandboxResult>(new ExplainSandboxRequest { Spec = other });
        var changed = await _env.Requester.CallAsync<ExplainSandboxResult>(new ExplainSandboxRequest { Spec = other with { ConfigHash = TestSpecs.Hash("changed") } });
        var recreated = await _env.Requester.CallAsync<RecreateSandboxesResult>(new RecreateSandboxesRequest { AgentId = "ops", ContainerPrefix = _env.Prefix });
        var bad = await _env.Requester.SendAsync(new RecreateSandboxesRequest { All = true, AgentId = "ops" });
        var after = await _env.Requester.CallAsync<ListSandboxesResult>(new ListSandboxesRequest { ContainerPrefix = _env.Prefix });

        Assert.Superset(new HashSet<string> { agentScope.ContainerName, sessionScope.ContainerName, other.ContainerName }, listed.Containers.Select(c => c.ContainerName).ToHashSet());
        var listedOther = Assert.Single(listed.Containers, c => c.ContainerName == other.ContainerName);
        Assert.Equal(("agent:other", "running", other.ConfigHash), (listedOther.SessionKey, listedOther.Status, listedOther.ConfigHash));
        Assert.NotNull(listedOther.LastUsedAtMs);
        Assert.True(explained.Exists && explained.Running && explained.ConfigHashMatches && explained.ImagePresent);
        Assert.False(changed.ConfigHashMatches);
        Assert.Equal(new[] { agentScope.ContainerName, sessionScope.ContainerName }.Order(StringComparer.Ordinal), recreated.Removed.Order(StringComparer.Ordinal));
        Assert.Equal(SandboxErrorCodes.BadRequest, bad.Error?.Code);
        Assert.DoesNotContain(after.Containers, c => c.SessionKey.StartsWith("agent:ops", StringComparison.Ordinal));
        Assert.Contains(after.Containers, c => c.ContainerName == other.ContainerName);
    }

    [Fact]
    public async Task The_registry_is_mirrored_to_containers_json_in_the_state_dir()
    {
        var spec = TestSpecs.Create(_env, "agent:registry");

        await Exec(spec, "true");

        var json = await File.ReadAllTextAsync(Path.Combine(_env.StateDir, "sandbox", "containers.json"), TestContext.Current.CancellationToken);
        Assert.Contains($"\"containerName\": \"{spec.ContainerName}\"", json, StringComparison.Ordinal);
        Assert.Contains("\"lastUsedAtMs\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Specs_that_would_weaken_the_sandbox_are_refused_by_the_manager_too()
    {
        var spec = TestSpecs.Create(_env, "agent:evil");

        var socket = await _env.Requester.SendAsync(new EnsureSandboxRequest { Spec = spec with { Mounts = [.. spec.Mounts, new SandboxMount("/var/run/docker.sock", "/var/run/docker.sock", false)] } });
        var host = await _env.Requester.SendAsync(new EnsureSandboxRequest { Spec = spec with { Network = "host" } });
        var name = await _env.Requester.SendAsync(new EnsureSandboxRequest { Spec = spec with { ContainerName = "../../bad name" } });

        Assert.Equal(SandboxErrorCodes.BadRequest, socket.Error?.Code);
        Assert.Contains("Docker socket", socket.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(SandboxErrorCodes.BadRequest, host.Error?.Code);
        Assert.Equal(SandboxErrorCodes.BadRequest, name.Error?.Code);
        Assert.DoesNotContain(await _env.ContainersAsync(), c => c.Names[0] == "/" + spec.ContainerName);
    }

    private Task<ExecResult> Exec(SandboxSpec spec, string command) =>
        _env.Requester.CallAsync<ExecResult>(new ExecRequest { Spec = spec, Command = command });
}
