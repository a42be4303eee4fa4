using System.Text.Json;

namespace OpenClaw.Gateway.Config;

/// <summary><c>agents.defaults</c> + <c>agents.list[]</c> (spec §3.3, §3.4).</summary>
public sealed class AgentsConfig
{
    public AgentDefaultsConfig Defaults { get; init; } = new();

    public List<AgentConfig> List { get; init; } = [];
}

public sealed class AgentDefaultsConfig
{
    public string? Workspace { get; init; }

    public ModelSelection? Model { get; init; }

    /// <summary>Catalog / allowlist: <c>"provider/model": {alias?, params?}</c>.</summary>
    public Dictionary<string, AgentModelEntry>? Models { get; init; }

    public ModelSelection? ImageModel { get; init; }

    public ModelSelection? PdfModel { get; init; }

    public Dictionary<string, JsonElement>? Params { get; init; }

    [ConfigValues("off", "minimal", "low", "medium", "high", "xhigh", "adaptive")]
    public string? ThinkingDefault { get; init; }

    [ConfigValues("off", "on", "full")]
    public string? VerboseDefault { get; init; }

    [ConfigValues("off", "on", "ask", "full")]
    public string? ElevatedDefault { get; init; }

    public int? TimeoutSeconds { get; init; }

    public int? ContextTokens { get; init; }

    public int MaxConcurrent { get; init; } = 4;

    public double? MediaMaxMb { get; init; }

    public bool SkipBootstrap { get; init; }

    public int BootstrapMaxChars { get; init; } = 20_000;

    public int BootstrapTotalMaxChars { get; init; } = 150_000;

    [ConfigValues("always", "continuation-skip")]
    public string? ContextInjection { get; init; }

    public string? UserTimezone { get; init; }

    public string? TimeFormat { get; init; }

    public int? ImageMaxDimensionPx { get; init; }

    public JsonElement? Heartbeat { get; init; }

    public JsonElement? Compaction { get; init; }

    public JsonElement? ContextPruning { get; init; }

    public JsonElement? BlockStreamingDefault { get; init; }

    public JsonElement? BlockStreamingBreak { get; init; }

    public JsonElement? BlockStreamingChunk { get; init; }

    public JsonElement? BlockStreamingCoalesce { get; init; }

    public JsonElement? HumanDelay { get; init; }

    public string? TypingMode { get; init; }

    public int? TypingIntervalSeconds { get; init; }

    /// <summary>Sandbox settings (spec §6); parsed by the sandbox feature.</summary>
    public JsonElement? Sandbox { get; init; }

    public JsonElement? Subagents { get; init; }

    public JsonElement? Skills { get; init; }

    public JsonElement? CliBackends { get; init; }

    public JsonElement? Memory { get; init; }

    public JsonElement? MemorySearch { get; init; }

    public string? RepoRoot { get; init; }

    public JsonElement? Envelope { get; init; }
}

public sealed class AgentModelEntry
{
    public string? Alias { get; init; }

    public Dictionary<string, JsonElement>? Params { get; init; }
}

/// <summary>One entry of <c>agents.list[]</c>.</summary>
public sealed class AgentConfig
{
    public string Id { get; init; } = "";

    public bool? Default { get; init; }

    public string? Name { get; init; }

    public string? Workspace { get; init; }

    public string? AgentDir { get; init; }

    public ModelSelection? Model { get; init; }

    [ConfigValues("off", "minimal", "low", "medium", "high", "xhigh", "adaptive")]
    public string? ThinkingDefault { get; init; }

    [ConfigValues("on", "off", "stream")]
    public string? ReasoningDefault { get; init; }

    public bool? FastModeDefault { get; init; }

    public Dictionary<string, JsonElement>? Params { get; init; }

    public JsonElement? Skills { get; init; }

    public AgentIdentityConfig? Identity { get; init; }

    public JsonElement? GroupChat { get; init; }

    /// <summary>Per-agent sandbox override (spec §6); parsed by the sandbox feature.</summary>
    public JsonElement? Sandbox { get; init; }

    /// <summary>Per-agent tool policy (<c>profile, allow, deny, byProvider, elevated, exec, sandbox.tools</c>).</summary>
    public JsonElement? Tools { get; init; }

    public JsonElement? Subagents { get; init; }

    public JsonElement? Heartbeat { get; init; }

    public JsonElement? HumanDelay { get; init; }

    public JsonElement? Runtime { get; init; }

    public JsonElement? MemorySearch { get; init; }
}

public sealed class AgentIdentityConfig
{
    public string? Name { get; init; }

    public string? Theme { get; init; }

    public string? Emoji { get; init; }

    public string? Avatar { get; init; }
}
