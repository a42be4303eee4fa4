namespace OpenClaw.Gateway.Tools;

/// <summary>
/// The parts of the <c>agents</c> section the tools read: the default and per-agent sandbox mode and the per-agent
/// tool policy overrides (<c>agents.list[].tools</c>).
/// </summary>
public sealed class AgentsToolOptions
{
    public const string SectionName = "agents";

    public AgentToolDefaults Defaults { get; set; } = new();

    public List<AgentToolEntry> List { get; set; } = [];

    public AgentToolEntry? Find(string agentId) =>
        List.FirstOrDefault(a => string.Equals(a.Id, agentId, StringComparison.OrdinalIgnoreCase));
}

public sealed class AgentToolDefaults
{
    public string? Workspace { get; set; }

    public AgentSandboxOptions? Sandbox { get; set; }

    public AgentSubagentOptions Subagents { get; set; } = new();
}

public sealed class AgentToolEntry
{
    public string Id { get; set; } = "";

    public string? Workspace { get; set; }

    public AgentSandboxOptions? Sandbox { get; set; }

    public ToolPolicyOptions? Tools { get; set; }
}

public sealed class AgentSandboxOptions
{
    /// <summary><c>off</c> (default), <c>non-main</c> or <c>all</c>.</summary>
    public string? Mode { get; set; }
}

public sealed class AgentSubagentOptions
{
    /// <summary>How deep sub-agents may spawn further sub-agents; at the deepest level they are leaves.</summary>
    public int MaxSpawnDepth { get; set; } = 1;
}
