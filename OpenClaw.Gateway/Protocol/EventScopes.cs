using OpenClaw.Contracts.Protocol;

namespace OpenClaw.Gateway.Protocol;

/// <summary>
/// Which connections may see an event family (spec §1.5.6): chat/agent/session streams need
/// <c>operator.read</c>, pairing events <c>operator.pairing</c>, approvals <c>operator.approvals</c>;
/// keep-alive and snapshots are for everyone; unknown families fail closed (admin only).
/// </summary>
public static class EventScopes
{
    private static readonly HashSet<string> Unrestricted = new(StringComparer.Ordinal)
    {
        "connect.challenge", "tick", "presence", "health", "heartbeat", "shutdown",
    };

    private static readonly HashSet<string> ReadEvents = new(StringComparer.Ordinal)
    {
        "chat", "agent", "sessions.changed", "session.message", "session.tool", "cron", "config.changed",
        "skills.changed", "models.snapshot", "voicewake.changed", "talk.mode", "task",
    };

    /// <summary>The scope an event needs, or null when it is unrestricted.</summary>
    public static string? RequiredScope(string eventName)
    {
        if (Unrestricted.Contains(eventName))
        {
            return null;
        }

        if (ReadEvents.Contains(eventName) || eventName.StartsWith("session.", StringComparison.Ordinal))
        {
            return OperatorScopes.Read;
        }

        if (eventName.StartsWith("device.pair.", StringComparison.Ordinal) || eventName.StartsWith("node.pair.", StringComparison.Ordinal)
            || eventName.StartsWith("pairing.", StringComparison.Ordinal))
        {
            return OperatorScopes.Pairing;
        }

        if (eventName.StartsWith("exec.approval.", StringComparison.Ordinal) || eventName.StartsWith("plugin.approval.", StringComparison.Ordinal))
        {
            return OperatorScopes.Approvals;
        }

        if (eventName.StartsWith("plugin.", StringComparison.Ordinal))
        {
            return OperatorScopes.Write;
        }

        return OperatorScopes.Admin;
    }

    public static bool MayReceive(GatewayConnection connection, string eventName)
    {
        var scope = RequiredScope(eventName);
        if (scope is null)
        {
            return true;
        }

        // Nodes and workers get only the unrestricted families; operator streams are for operators.
        return connection.Role == GatewayRoles.Operator && connection.HasScope(scope);
    }
}
