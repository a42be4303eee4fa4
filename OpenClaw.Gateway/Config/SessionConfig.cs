using System.Text.Json;

namespace OpenClaw.Gateway.Config;

/// <summary><c>session.*</c> (spec §3.6).</summary>
public sealed class SessionConfig
{
    [ConfigValues("per-sender", "global")]
    public string Scope { get; init; } = "per-sender";

    [ConfigValues("main", "per-peer", "per-channel-peer", "per-account-channel-peer")]
    public string DmScope { get; init; } = "main";

    public Dictionary<string, List<string>>? IdentityLinks { get; init; }

    /// <summary>Null means the baseline default: daily at 04:00 gateway-local time.</summary>
    public SessionResetConfig? Reset { get; init; }

    public Dictionary<string, SessionResetConfig>? ResetByType { get; init; }

    public Dictionary<string, SessionResetConfig>? ResetByChannel { get; init; }

    public List<string> ResetTriggers { get; init; } = ["/new", "/reset"];

    /// <summary>Store path template; <c>{agentId}</c> is replaced.</summary>
    public string? Store { get; init; }

    public string? MainKey { get; init; }

    public JsonElement? Maintenance { get; init; }

    public int? ParentForkMaxTokens { get; init; }

    public JsonElement? ThreadBindings { get; init; }

    public JsonElement? AgentToAgent { get; init; }

    public JsonElement? SendPolicy { get; init; }

    public string? TypingMode { get; init; }

    public int? TypingIntervalSeconds { get; init; }
}

public sealed class SessionResetConfig
{
    [ConfigValues("daily", "idle", "none")]
    public string Mode { get; init; } = "daily";

    public int AtHour { get; init; } = 4;

    public int? IdleMinutes { get; init; }
}
