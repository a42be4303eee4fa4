namespace OpenClaw.Gateway.Tools.Execution;

/// <summary>
/// Whether a session runs sandboxed (spec §6.1, §4.3): <c>agents.defaults.sandbox.mode</c> with per-agent
/// override; <c>all</c> sandboxes every session, <c>non-main</c> every session but the agent's main one.
/// </summary>
public static class SessionSandboxing
{
    public static bool IsSandboxed(AgentsToolOptions agents, string agentId, string sessionKey)
    {
        var mode = agents.Find(agentId)?.Sandbox?.Mode ?? agents.Defaults.Sandbox?.Mode ?? "off";
        return mode.Trim().ToLowerInvariant() switch
        {
            "all" => true,
            "non-main" => !IsMainSession(agentId, sessionKey),
            _ => false,
        };
    }

    /// <summary>True for <c>agent:&lt;id&gt;:main</c> and the request aliases <c>main</c> / empty.</summary>
    public static bool IsMainSession(string agentId, string sessionKey)
    {
        var key = sessionKey.Trim();
        return key.Length == 0
            || key.Equals("main", StringComparison.OrdinalIgnoreCase)
            || key.Equals($"agent:{agentId}:main", StringComparison.OrdinalIgnoreCase);
    }
}
