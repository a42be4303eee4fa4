namespace OpenClaw.Gateway.Config;

/// <summary>
/// Where state lives (spec Appendix A): <c>~/.openclaw</c> unless <c>OPENCLAW_STATE_DIR</c>; config at
/// <c>openclaw.json</c> unless <c>OPENCLAW_CONFIG_PATH</c>; <c>~</c> is <c>OPENCLAW_HOME</c> or <c>HOME</c>.
/// </summary>
public sealed class OpenClawPaths
{
    public OpenClawPaths(Func<string, string?> getEnv)
    {
        Home = NonEmpty(getEnv("OPENCLAW_HOME")) ?? NonEmpty(getEnv("HOME")) ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        StateDir = Path.GetFullPath(ExpandHome(NonEmpty(getEnv("OPENCLAW_STATE_DIR")) ?? Path.Combine(Home, ".openclaw")));
        ConfigPath = Path.GetFullPath(ExpandHome(NonEmpty(getEnv("OPENCLAW_CONFIG_PATH")) ?? Path.Combine(StateDir, "openclaw.json")));
    }

    public string Home { get; }

    public string StateDir { get; }

    public string ConfigPath { get; }

    public string DefaultWorkspaceDir => Path.Combine(StateDir, "workspace");

    public string AgentsDir => Path.Combine(StateDir, "agents");

    /// <summary><c>~/.openclaw/agents/&lt;agentId&gt;/agent</c>: auth profiles, model catalog.</summary>
    public string AgentDir(string agentId) => Path.Combine(AgentsDir, agentId, "agent");

    /// <summary><c>~/.openclaw/agents/&lt;agentId&gt;/sessions</c> unless <c>session.store</c> says otherwise.</summary>
    public string SessionsDir(string agentId, string? storeTemplate = null) => storeTemplate is { Length: > 0 }
        ? Path.GetDirectoryName(Path.GetFullPath(ExpandHome(storeTemplate.Replace("{agentId}", agentId, StringComparison.Ordinal))))!
        : Path.Combine(AgentsDir, agentId, "sessions");

    public string ExpandHome(string path) =>
        path == "~" ? Home : path.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(Home, path[2..]) : path;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
