using System.Globalization;
using OpenClaw.Testing;

namespace OpenClaw.ControlUi.Tests.Infrastructure;

/// <summary>
/// The browser stack with everything behind the gateway: a real Redis (cron's run lock, streams), the built
/// SandboxManager process driving the real Docker engine, and a gateway whose every session runs its tools in a
/// container (<c>sandbox.mode: "all"</c>, scope session, network none). <see cref="SandboxUnavailable"/> says why
/// sandbox tests must skip (no Docker, no image, not built); Redis is always there.
/// </summary>
public sealed class FullStack : ControlUiStack
{
    private RedisServer? _redis;
    private ChildProcess? _manager;

    /// <summary>Unique per run so cleanup never touches other containers.</summary>
    public string ContainerPrefix { get; } = $"ocui-{Guid.NewGuid():N}"[..13] + "-";

    public string? SandboxUnavailable { get; private set; }

    protected override string AgentDefaults => $$"""
        workspace: '{{Path.Combine(Home, "workspace")}}',
        sandbox: { mode: 'all', scope: 'session', workspaceAccess: 'rw', docker: { containerPrefix: '{{ContainerPrefix}}', network: 'none' } },
        """;

    protected override async Task<string> StartBackingServicesAsync()
    {
        var managerDll = RepoPaths.Dll("OpenClaw.SandboxManager", "OpenClaw.SandboxManager");
        SandboxUnavailable = !File.Exists(managerDll) ? $"OpenClaw.SandboxManager is not built ({managerDll})"
            : await Docker.RunAsync("image", "inspect", Docker.SandboxImage) is not (0, _) ? $"needs a running Docker engine and the {Docker.SandboxImage} image"
            : null;
        _redis = await RedisServer.StartAsync();
        if (SandboxUnavailable is null)
        {
            _manager = ChildProcess.Start(managerDll, [], new Dictionary<string, string>
            {
                ["ConnectionStrings__redis"] = _redis.ConnectionString,
                ["OpenClaw__SandboxManager__StateDir"] = Path.Combine(Home, "manager-state"),
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}",
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "",
                ["Logging__LogLevel__Default"] = "Warning",
            });
        }

        return _redis.ConnectionString;
    }

    protected override async ValueTask StopBackingServicesAsync()
    {
        if (_manager is not null)
        {
            await _manager.DisposeAsync();
        }

        await Docker.RemoveAsync(ContainerPrefix);
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    public override string Logs => $"{base.Logs}\n--- sandbox manager ---\n{_manager?.Output}";
}

[CollectionDefinition(Name)]
public sealed class FullStackCollection : ICollectionFixture<FullStack>
{
    public const string Name = "control-ui-full-stack";
}
