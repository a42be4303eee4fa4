using Microsoft.Extensions.Logging.Abstractions;
using OpenClaw.Gateway.Config;
using OpenClaw.Gateway.Sandbox;

namespace OpenClaw.Gateway.Tests.Sandbox;

/// <summary>The resolver reads agents.defaults.sandbox / agents.list[].sandbox from the gateway's live openclaw.json.</summary>
public sealed class SandboxConfigFromFileTests : IDisposable
{
    private readonly string _stateDir = Directory.CreateTempSubdirectory("openclaw-sbx-config-").FullName;

    public void Dispose() => Directory.Delete(_stateDir, recursive: true);

    [Fact]
    public async Task Sandbox_settings_in_openclaw_json_apply_and_follow_edits()
    {
        var path = Path.Combine(_stateDir, "openclaw.json");
        await File.WriteAllTextAsync(path, """
            // JSON5, as users write it
            {
              gateway: { mode: 'local' },
              agents: {
                defaults: { sandbox: { mode: 'non-main', scope: 'session', docker: { memory: '512m' } } },
                list: [ { id: 'main' }, { id: 'work', sandbox: { mode: 'all', workspaceAccess: 'rw' } } ],
              },
            }
            """, TestContext.Current.CancellationToken);
        string? Env(string name) => name == "OPENCLAW_STATE_DIR" ? _stateDir : null;
        using var store = new FileConfigStore(ConfigLoader.LoadFile(path, Env), path, Env, NullLogger<FileConfigStore>.Instance);
        var resolver = new SandboxResolver(new SandboxConfigReader(new ConfigStoreSandboxConfiguration(store, new OpenClawPaths(Env)).Current));

        var group = resolver.Resolve("main", "agent:main:telegram:group:5");
        var work = resolver.Resolve("work", "agent:work:main");
        var main = resolver.Resolve("main", "agent:main:main");

        Assert.NotNull(group);
        Assert.Equal(("agent:main:telegram:group:5", 512L * 1024 * 1024), (group.Spec.ScopeKey, group.Spec.Memory));
        Assert.StartsWith(Path.Combine(_stateDir, "sandboxes"), group.Spec.WorkspaceDir, StringComparison.Ordinal);
        Assert.Equal(("rw", Path.Combine(_stateDir, "workspace-work")), (work!.WorkspaceAccess, work.Spec.WorkspaceDir));
        Assert.Null(main);

        await store.WriteAsync("{ gateway: { mode: 'local' }, agents: { defaults: { sandbox: { mode: 'all' } } } }", store.Current.Hash, TestContext.Current.CancellationToken);

        Assert.NotNull(resolver.Resolve("main", "agent:main:main"));
    }
}
