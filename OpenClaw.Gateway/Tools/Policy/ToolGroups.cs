namespace OpenClaw.Gateway.Tools.Policy;

/// <summary>
/// The built-in tool catalogue grouped the way upstream's allow/deny lists name it (spec §5.2). <c>ls</c> sits in
/// <c>group:fs</c> as in newer upstream builds.
/// </summary>
public static class ToolGroups
{
    /// <summary>Every core tool name (no plugin or channel tools): the members of <c>group:openclaw</c>.</summary>
    public static IReadOnlyList<string> BuiltInTools { get; } =
    [
        "exec", "process", "code_execution",
        "read", "write", "edit", "apply_patch", "ls",
        "web_search", "x_search", "web_fetch",
        "browser", "canvas", "nodes", "message", "cron", "gateway",
        "sessions_list", "sessions_history", "sessions_send", "sessions_spawn", "sessions_yield", "subagents", "session_status",
        "agents_list", "memory_search", "memory_get",
        "image", "image_generate", "music_generate", "video_generate", "tts", "pdf", "update_plan",
    ];

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Members { get; } =
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["group:runtime"] = ["exec", "process", "code_execution"],
            ["group:fs"] = ["read", "write", "edit", "apply_patch", "ls"],
            ["group:sessions"] = ["sessions_list", "sessions_history", "sessions_send", "sessions_spawn", "sessions_yield", "subagents", "session_status"],
            ["group:memory"] = ["memory_search", "memory_get"],
            ["group:web"] = ["web_search", "x_search", "web_fetch"],
            ["group:ui"] = ["browser", "canvas"],
            ["group:automation"] = ["cron", "gateway"],
            ["group:messaging"] = ["message"],
            ["group:nodes"] = ["nodes"],
            ["group:agents"] = ["agents_list"],
            ["group:media"] = ["image", "image_generate", "music_generate", "video_generate", "tts"],
            ["group:openclaw"] = BuiltInTools,
        };

    /// <summary>The section a core tool is listed under in <c>tools.catalog</c> (the group name without <c>group:</c>).</summary>
    public static string? SectionOf(string tool)
    {
        foreach (var (group, members) in Members)
        {
            if (group != "group:openclaw" && members.Contains(tool, StringComparer.OrdinalIgnoreCase))
            {
                return group["group:".Length..];
            }
        }

        return null;
    }
}
