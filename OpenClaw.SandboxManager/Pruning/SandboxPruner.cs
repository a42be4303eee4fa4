using Microsoft.Extensions.Logging;
using OpenClaw.Contracts.Sandbox;
using OpenClaw.SandboxManager.Docker;

namespace OpenClaw.SandboxManager.Pruning;

/// <summary>
/// Removes sandbox containers idle longer than idleHours or older than maxAgeDays (0 disables each rule). The
/// periodic loop uses each container's own rule (from its spec); a prune request applies the rule it carries.
/// </summary>
public sealed partial class SandboxPruner(SandboxContainers containers, SandboxRegistry registry, TimeProvider time, ILogger<SandboxPruner> logger)
{
    /// <summary>Prunes with the given rule for every container, or with each container's own rule when both are null.</summary>
    public async Task<IReadOnlyList<string>> PruneAsync(int? idleHours, int? maxAgeDays, string? prefix, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var entries = await registry.AllAsync();
        var removed = new List<string>();
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var container in await containers.ListAsync(prefix, cancellationToken))
        {
            present.Add(container.ContainerName);
            entries.TryGetValue(container.ContainerName, out var entry);
            var idle = idleHours ?? entry?.IdleHours ?? SandboxDefaults.DefaultIdleHours;
            var maxAge = maxAgeDays ?? entry?.MaxAgeDays ?? SandboxDefaults.DefaultMaxAgeDays;
            var lastUsed = container.LastUsedAtMs ?? container.CreatedAtMs;
            var tooIdle = idle > 0 && now - lastUsed > TimeSpan.FromHours(idle).TotalMilliseconds;
            var tooOld = maxAge > 0 && now - container.CreatedAtMs > TimeSpan.FromDays(maxAge).TotalMilliseconds;
            if (tooIdle || tooOld)
            {
                LogPruning(logger, container.ContainerName, tooIdle ? $"idle more than {idle} h" : $"older than {maxAge} days");
                await containers.RemoveAsync(container.ContainerName, cancellationToken);
                removed.Add(container.ContainerName);
            }
        }

        // Registry entries whose container is gone (removed by hand) are forgotten too.
        foreach (var stale in entries.Keys.Where(name => !present.Contains(name) && (prefix is null || name.StartsWith(prefix, StringComparison.Ordinal))))
        {
            await registry.RemoveAsync(stale);
        }

        return removed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruning sandbox {ContainerName}: {Reason}")]
    private static partial void LogPruning(ILogger logger, string containerName, string reason);
}
