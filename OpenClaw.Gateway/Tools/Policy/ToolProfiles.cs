namespace OpenClaw.Gateway.Tools.Policy;

/// <summary>The <c>tools.profile</c> presets (spec §5.3). <c>full</c> (or unset) adds no restriction.</summary>
public static class ToolProfiles
{
    public const string Minimal = "minimal";
    public const string Coding = "coding";
    public const string Messaging = "messaging";
    public const string Full = "full";

    public static IReadOnlyList<string> Names { get; } = [Minimal, Coding, Messaging, Full];

    /// <summary>The allow list a profile stands for; null when the profile does not restrict (full, unset).</summary>
    public static IReadOnlyList<string>? AllowListOf(string? profile, string keyPath = "tools.profile") => profile?.Trim().ToLowerInvariant() switch
    {
        null or "" or Full => null,
        Minimal => ["session_status"],
        Coding => ["group:fs", "group:runtime", "group:web", "group:sessions", "group:memory", "cron", "image", "image_generate", "music_generate", "video_generate"],
        Messaging => ["group:messaging", "sessions_list", "sessions_history", "sessions_send", "session_status"],
        _ => throw new ToolPolicyException($"{keyPath}: unknown tool profile '{profile}'; use one of {string.Join(", ", Names)}"),
    };
}
