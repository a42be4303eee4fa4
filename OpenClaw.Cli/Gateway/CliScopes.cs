using OpenClaw.Contracts.Protocol;

namespace OpenClaw.Cli.Gateway;

/// <summary>
/// Least privilege per call, as upstream's CLI does: it asks only for the scope the method needs
/// (read, write, pairing, admin); for a method it does not know it asks for all operator scopes.
/// </summary>
internal static class CliScopes
{
    private static readonly HashSet<string> Write = new(StringComparer.Ordinal)
    {
        "chat.send", "chat.abort", "chat.inject", "agent", "send", "poll", "wake", "sessions.patch", "sessions.reset", "sessions.delete",
        "sessions.compact", "sessions.create", "sessions.send", "sessions.abort", "node.invoke", "tools.invoke",
    };

    private static readonly HashSet<string> Read = new(StringComparer.Ordinal)
    {
        "health", "status", "system-presence", "logs.tail", "models.list", "channels.status", "tools.catalog", "tools.effective",
        "chat.history", "sessions.list", "sessions.preview", "sessions.get", "agent.wait", "agents.list", "cron.list", "cron.status",
        "cron.runs", "config.get", "config.schema", "usage.status", "usage.cost", "last-heartbeat", "node.list",
    };

    public static IReadOnlyList<string> For(string method)
    {
        if (Read.Contains(method))
        {
            return [OperatorScopes.Read];
        }

        if (Write.Contains(method))
        {
            return [OperatorScopes.Write];
        }

        if (method is "device.pair.approve")
        {
            // Approving a device grants it the scopes it asked for; the gateway lets only a holder of
            // those scopes grant them, and the Control UI asks for admin.
            return [OperatorScopes.Pairing, OperatorScopes.Admin];
        }

        if (method.StartsWith("device.", StringComparison.Ordinal) || method.StartsWith("node.pair.", StringComparison.Ordinal)
            || method.StartsWith("pairing.", StringComparison.Ordinal))
        {
            return [OperatorScopes.Pairing];
        }

        // Changing scheduled jobs is admin, as upstream (listing them is read).
        if (method.StartsWith("config.", StringComparison.Ordinal) || method.StartsWith("cron.", StringComparison.Ordinal) || method.StartsWith("exec.approvals.", StringComparison.Ordinal)
            || method.StartsWith("update.", StringComparison.Ordinal) || method.StartsWith("wizard.", StringComparison.Ordinal))
        {
            return [OperatorScopes.Admin];
        }

        return OperatorScopes.All;
    }
}
