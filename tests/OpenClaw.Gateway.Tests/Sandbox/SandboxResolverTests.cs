using System.Text;
using Microsoft.Extensions.Configuration;
using OpenClaw.Gateway.Sandbox;

namespace OpenClaw.Gateway.Tests.Sandbox;

/// <summary>agents.defaults.sandbox + agents.list[].sandbox → whether a session is sandboxed and its concrete spec.</summary>
public sealed class SandboxResolverTests
{
    private const string StateDir = "/tmp/openclaw-resolver-test";

    [Fact]
    public void Mode_off_is_the_default_and_sandboxes_nothing()
    {
        var resolver = Resolver("{}");

        var explanation = resolver.Explain("main", "agent:main:telegram:group:1");

        Assert.Null(resolver.Resolve("main", "agent:main:telegram:group:1"));
        Assert.Equal(("off", "agent", "none", false), (explanation.Mode, explanation.Scope, explanation.WorkspaceAccess, explanation.Sandboxed));
        Assert.Contains("mode is off", explanation.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_main_sandboxes_every_session_except_the_agents_main_session()
    {
        var resolver = Resolver("""{ "agents": { "defaults": { "sandbox": { "mode": "non-main" } } } }""");

        Assert.Null(resolver.Resolve("main", "agent:main:main"));
        Assert.NotNull(resolver.Resolve("main", "agent:main:telegram:group:1"));
        Assert.NotNull(resolver.Resolve("main", "agent:main:direct:alice"));
        Assert.NotNull(resolver.Resolve("main", "cron:nightly"));
        Assert.NotNull(Resolver("""{ "agents": { "defaults": { "sandbox": { "mode": "all" } } } }""").Resolve("main", "agent:main:main"));
    }

    [Fact]
    public void Container_names_follow_upstreams_slug_rule()
    {
        var resolver = Resolver("""{ "agents": { "defaults": { "sandbox": { "mode": "all" } } } }""");

        var spec = resolver.Resolve("main", "agent:main:main")!.Spec;

        // The example from upstream's docs.
        Assert.Equal("openclaw-sbx-agent-main-f331f052", spec.ContainerName);
        Assert.Equal("agent:main", spec.ScopeKey);
        Assert.Equal("openclaw-sbx-shared", SandboxNaming.ContainerName("openclaw-sbx-", "shared"));
        var longKey = SandboxNaming.ContainerName("openclaw-sbx-", "agent:main:telegram:group:-1001234567890:topic:42:thread:abc");
        Assert.True(longKey.Length <= 63);
        Assert.Matches("^openclaw-sbx-agent-main-telegram-group--10012-[0-9a-f]{8}$", longKey);
    }

    [Theory]
    [InlineData("session", 3)]
    [InlineData("agent", 1)]
    [InlineData("shared", 1)]
    public void Each_scope_maps_sessions_to_the_expected_number_of_containers(string scope, int expected)
    {
        var resolver = Resolver($$"""{ "agents": { "defaults": { "sandbox": { "mode": "all", "scope": "{{scope}}" } } } }""");
        string[] sessions = ["agent:main:main", "agent:main:telegram:group:1", "agent:main:discord:channel:2"];

        var names = sessions.Select(s => resolver.Resolve("main", s)!.Spec.ContainerName).Distinct().ToList();

        Assert.Equal(expected, names.Count);
        if (scope == "shared")
        {
            Assert.Equal("openclaw-sbx-shared", names[0]);
            Assert.Equal(names[0], Resolver($$"""{ "agents": { "defaults": { "sandbox": { "mode": "all", "scope": "shared" } } } }""").Resolve("other", "agent:other:main")!.Spec.ContainerName);
        }
    }

    [Fact]
    public void Legacy_perSession_maps_to_scopes()
    {
        Assert.Equal("session", Resolver("""{ "agents": { "defaults": { "sandbox": { "mode": "all", "perSession": true } } } }""").Explain("main", "x").Scope);
        Assert.Equal("shared", Resolver("""{ "agents": { "defaults": { "sandbox": { "mode": "all", "perSession": false } } } }""").Explain("main", "x").Scope);
    }

    [Fact]
    public void WorkspaceAccess_decides_the_mounts()
    {
        var none = Spec("none");
        var ro = Spec("ro");
        var rw = Spec("rw");
        var agentWorkspace = Path.Combine(StateDir, "workspace");

        Assert.Equal(Path.Combine(StateDir, "sandboxes", "agent-main-f331f052"), none.WorkspaceDir);
        Assert.Equal([("/workspace", false)], none.Mounts.Select(m => (m.ContainerPath, m.ReadOnly)));
        Assert.Equal([(none.WorkspaceDir, "/workspace", false), (agentWorkspace, "/agent", true)], ro.Mounts.Select(m => (m.HostPath, m.ContainerPath, m.ReadOnly)));
        Assert.Equal([(agentWorkspace, "/workspace", false)], rw.Mounts.Select(m => (m.HostPath, m.ContainerPath, m.ReadOnly)));
        Assert.False(Resolver("""{ "agents": { "defaults": { "sandbox": { "mode": "all", "workspaceAccess": "ro" } } } }""").Resolve("main", "s")!.WritesAllowed);
    }

    [Fact]
    public void Upstream_docker_defaults_apply()
    {
        var spec = Spec("none");

        Assert.Equal(("openclaw-sandbox:bookworm-slim", "/workspace", "none", true), (spec.Image, spec.Workdir, spec.Network, spec.ReadOnlyRoot));
        Assert.Equal(["ALL"], spec.CapDrop);
        Assert.Equal(["/tmp", "/var/tmp", "/run"], spec.Tmpfs);
        Assert.Equal("C.UTF-8", spec.Env["LANG"]);
        Assert.Equal((24, 7), (spec.Prune.IdleHours, spec.Prune.MaxAgeDays));
        Assert.Matches("^[0-9a-f]{64}$", spec.ConfigHash);
    }

    [Fact]
    public void Agent_overrides_apply_field_by_field_with_env_merged_and_binds_concatenated()
    {
        var bindSource = Directory.CreateTempSubdirectory("openclaw-bind-").FullName;
        var resolver = Resolver($$"""
            { "agents": {
                "defaults": { "sandbox": { "mode": "non-main", "docker": { "memory": "512m", "pidsLimit": 100, "env": { "A": "1", "B": "1" }, "binds": ["{{bindSource}}:/data:ro"] } } },
                "list": [ { "id": "main" }, { "id": "work", "sandbox": { "mode": "all", "docker": { "memory": "1g", "env": { "B": "2" }, "binds": ["{{bindSource}}:/more"], "ulimits": { "nofile": "256:512", "nproc": 64 } } } } ]
            } }
            """);

        var work = resolver.Resolve("work", "agent:work:main")!.Spec;
        var main = resolver.Resolve("main", "agent:main:main");

        Assert.Null(main);
        Assert.Equal(1024L * 1024 * 1024, work.Memory);
        Assert.Equal(100, work.PidsLimit);
        Assert.Equal(("1", "2"), (work.Env["A"], work.Env["B"]));
        Assert.Equal(["/workspace", "/data", "/more"], work.Mounts.Select(m => m.ContainerPath));
        Assert.Equal([true, false], work.Mounts.Skip(1).Select(m => m.ReadOnly));
        Assert.Equal([("nofile", 256L, 512L), ("nproc", 64L, 64L)], work.Ulimits.Select(u => (u.Name, u.Soft, u.Hard)));
        Assert.Equal(Path.Combine(StateDir, "workspace-work"), work.AgentWorkspaceDir);
    }

    [Fact]
    public void Shared_scope_ignores_agent_docker_overrides()
    {
        var resolver = Resolver("""
            { "agents": {
                "defaults": { "sandbox": { "mode": "all", "scope": "shared", "docker": { "memory": "512m" } } },
                "list": [ { "id": "work", "sandbox": { "docker": { "memory": "4g" } } } ]
            } }
            """);

        Assert.Equal(512L * 1024 * 1024, resolver.Resolve("work", "agent:work:main")!.Spec.Memory);
    }

    [Fact]
    public void The_config_hash_changes_with_the_docker_config_only()
    {
        var a = Resolver("""{ "agents": { "defaults": { "sandbox": { "mode": "all", "docker": { "memory": "512m", "pidsLimit": 10 } } } } }""").Resolve("main", "s")!.Spec;
        var reordered = Resolver("""{ "agents": { "defaults": { "sandbox": { "docker": { "pidsLimit": 10, "memory": "512m" }, "mode": "all" } } } }""").Resolve("main", "s")!.Spec;
        var changed = Resolver("""{ "agents": { "defaults": { "sandbox": { "mode": "all", "docker": { "memory": "1g", "pidsLimit": 10 } } } } }""").Resolve("main", "s")!.Spec;
        var pruneOnly = Resolver("""{ "agents": { "defaults": { "sandbox": { "mode": "all", "prune": { "idleHours": 1 }, "docker": { "memory": "512m", "pidsLimit": 10 } } } } }""").Resolve("main", "s")!.Spec;

        Assert.Equal(a.ConfigHash, reordered.ConfigHash);
        Assert.NotEqual(a.ConfigHash, changed.ConfigHash);
        Assert.Equal(a.ConfigHash, pruneOnly.ConfigHash);
        Assert.Equal(1, pruneOnly.Prune.IdleHours);
    }

    [Theory]
    [InlineData("""{ "mode": "sometimes" }""", "agents.defaults.sandbox.mode: \"sometimes\" is not one of off, non-main, all")]
    [InlineData("""{ "mode": "all", "workspaceAccess": "write" }""", "agents.defaults.sandbox.workspaceAccess")]
    [InlineData("""{ "mode": "all", "docker": { "network": "host" } }""", "agents.defaults.sandbox.docker.network: \"host\" is blocked")]
    [InlineData("""{ "mode": "all", "docker": { "network": "container:abc" } }""", "dangerouslyAllowContainerNamespaceJoin")]
    [InlineData("""{ "mode": "all", "docker": { "memory": "lots" } }""", "agents.defaults.sandbox.docker.memory: \"lots\" is not a size")]
    [InlineData("""{ "mode": "all", "docker": { "binds": ["/etc:/hostetc:ro"] } }""", "agents.defaults.sandbox.docker.binds[0]: \"/etc\" is blocked")]
    [InlineData("""{ "mode": "all", "docker": { "binds": ["/var/run/docker.sock:/var/run/docker.sock"] } }""", "binds[0]")]
    [InlineData("""{ "mode": "all", "docker": { "binds": ["/:/host"] } }""", "is blocked")]
    [InlineData("""{ "mode": "all", "docker": { "binds": ["/srv:/workspace/x"] } }""", "reserved")]
    [InlineData("""{ "mode": "all", "docker": { "binds": ["relative"] } }""", "host:container")]
    [InlineData("""{ "mode": "all", "docker": { "ulimits": { "nofile": "many" } } }""", "agents.defaults.sandbox.docker.ulimits.nofile")]
    public void Bad_config_is_refused_with_the_key_path(string sandbox, string expected)
    {
        var exception = Assert.Throws<SandboxConfigException>(() =>
            Resolver($$"""{ "agents": { "defaults": { "sandbox": {{sandbox}} } } }""").Resolve("main", "agent:main:x"));

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Credential_directories_in_home_cannot_be_bound()
    {
        var exception = Assert.Throws<SandboxConfigException>(() =>
            Resolver("""{ "agents": { "defaults": { "sandbox": { "mode": "all", "docker": { "binds": ["/home/tester/.ssh:/keys:ro"] } } } } }""", home: "/home/tester").Resolve("main", "x"));

        Assert.Contains("/home/tester/.ssh", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_state_dir_defaults_to_home_dot_openclaw()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HOME"] = "/home/tester",
            ["agents:defaults:sandbox:mode"] = "all",
        }).Build();

        var spec = new SandboxResolver(new SandboxConfigReader(configuration)).Resolve("main", "x")!.Spec;

        Assert.StartsWith("/home/tester/.openclaw/sandboxes/", spec.WorkspaceDir, StringComparison.Ordinal);
    }

    private static OpenClaw.Contracts.Sandbox.SandboxSpec Spec(string access) =>
        Resolver($$"""{ "agents": { "defaults": { "sandbox": { "mode": "all", "workspaceAccess": "{{access}}" } } } }""").Resolve("main", "agent:main:main")!.Spec;

    private static SandboxResolver Resolver(string json, string home = "/home/nobody")
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json)))
            .AddInMemoryCollection(new Dictionary<string, string?> { ["OPENCLAW_STATE_DIR"] = StateDir, ["HOME"] = home })
            .Build();
        return new SandboxResolver(new SandboxConfigReader(configuration));
    }
}
