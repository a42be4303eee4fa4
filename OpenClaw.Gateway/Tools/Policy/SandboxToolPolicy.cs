namespace OpenClaw.Gateway.Tools.Policy;

/// <summary>Upstream's defaults for <c>tools.sandbox.tools</c> (spec §6.7) and for sub-agent sessions.</summary>
public static class SandboxToolPolicy
{
    public static IReadOnlyList<string> DefaultAllow { get; } =
    [
        "exec", "process", "read", "ls", "write", "edit", "apply_patch", "image",
        "sessions_list", "sessions_history", "sessions_send", "sessions_spawn", "sessions_yield", "subagents", "session_status",
    ];

    /// <summary>Control-plane and UI tools plus every channel-owned tool (named after its channel).</summary>
    public static IReadOnlyList<string> DefaultDeny { get; } =
    [
        "browser", "canvas", "nodes", "cron", "gateway",
        "telegram", "whatsapp", "discord", "irc", "googlechat", "slack", "signal", "imessage", "bluebubbles",
        "msteams", "matrix", "mattermost", "zalo", "zalouser", "line", "feishu", "nostr", "twitch", "tlon", "nextcloud-talk",
    ];

    /// <summary>Denied to every sub-agent: system-level tools and cross-session messaging.</summary>
    public static IReadOnlyList<string> SubagentDenyAlways { get; } =
        ["gateway", "agents_list", "session_status", "cron", "message", "sessions_send"];

    /// <summary>Also denied to leaf sub-agents (those that may not spawn further).</summary>
    public static IReadOnlyList<string> SubagentDenyLeaf { get; } =
        ["subagents", "sessions_list", "sessions_history", "sessions_spawn"];
}
