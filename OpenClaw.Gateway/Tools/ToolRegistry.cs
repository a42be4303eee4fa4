using OpenClaw.Gateway.Tools.Execution;
using OpenClaw.Gateway.Tools.Policy;

namespace OpenClaw.Gateway.Tools;

/// <summary>
/// Every registered tool, filtered per run by the policy pipeline. Also answers <c>tools.catalog</c> (the config
/// view) and <c>tools.effective</c> (what one session can use now) for the control plane.
/// </summary>
public sealed class ToolRegistry(
    IEnumerable<IAgentTool> tools,
    ToolConfigSource config) : IToolCatalog
{
    private readonly IReadOnlyList<IAgentTool> _tools = [.. tools.DistinctBy(t => t.Name, StringComparer.OrdinalIgnoreCase)];

    public IReadOnlyList<IAgentTool> All => _tools;

    public IAgentTool? Find(string name) => _tools.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    public IReadOnlyList<IAgentTool> GetEffectiveTools(ToolContext context)
    {
        var layers = ToolPolicyResolver.Resolve(
            config.Tools,
            config.Agents,
            new ToolPolicySubject(context.AgentId, context.SessionKey, context.Sandboxed, context.Provider, context.Model));
        var maxChars = config.MaxOutputChars;
        return [.. _tools.Where(t => IsEnabled(t.Name) && ToolPolicyResolver.Permits(layers, t.Name)).Select(t => Bounded(t, maxChars))];
    }

    /// <summary>Wraps a tool with the output bound and error handling the agent loop relies on.</summary>
    public IAgentTool Bounded(IAgentTool tool) => Bounded(tool, config.MaxOutputChars);

    /// <summary>
    /// Whether a session is sandboxed, from <c>agents.defaults.sandbox.mode</c> and the agent's override — read from the
    /// same config as the agent runner, so the effective tool set matches what a run gets.
    /// </summary>
    public bool IsSandboxed(string agentId, string sessionKey) => SessionSandboxing.IsSandboxed(config.Agents, agentId, sessionKey);

    public ToolCatalogAnswer Catalog(string? agentId = null)
    {
        var groups = _tools
            .GroupBy(t => ToolGroups.SectionOf(t.Name) ?? "other")
            .OrderBy(g => SectionOrder(g.Key))
            .Select(g => new ToolCatalogGroup(
                g.Key,
                SectionLabel(g.Key),
                "core",
                [.. g.Select(t => new ToolCatalogEntry(t.Name, t.Name, t.Description, "core", DefaultProfiles(t.Name)))]))
            .ToList();
        return new ToolCatalogAnswer(agentId ?? "main", [.. ToolProfiles.Names.Select(p => new ToolProfileEntry(p, Capitalize(p)))], groups);
    }

    public ToolEffectiveAnswer Effective(string agentId, string sessionKey, string? provider = null, string? model = null)
    {
        var sandboxed = IsSandboxed(agentId, sessionKey);
        var context = new ToolContext
        {
            AgentId = agentId,
            SessionKey = sessionKey,
            WorkspaceDir = "",
            Sandboxed = sandboxed,
            Provider = provider,
            Model = model,
        };
        var effective = GetEffectiveTools(context);
        var profile = config.Agents.Find(agentId)?.Tools?.Profile ?? config.Tools.Profile ?? ToolProfiles.Full;
        IReadOnlyList<ToolEffectiveGroup> groups = effective.Count == 0
            ? []
            : [new ToolEffectiveGroup("core", "Built-in tools", "core", [.. effective.Select(t => new ToolEffectiveEntry(t.Name, t.Name, t.Description, t.Description, "core"))])];
        return new ToolEffectiveAnswer(agentId, profile, groups) { Sandboxed = sandboxed };
    }

    private bool IsEnabled(string tool) => tool switch
    {
        "apply_patch" => config.Tools.Exec.ApplyPatch.Enabled,
        "web_fetch" => config.Tools.Web.Fetch.Enabled,
        _ => true,
    };

    private static BoundedTool Bounded(IAgentTool tool, int maxChars) =>
        tool as BoundedTool ?? new BoundedTool(tool, maxChars);

    private static List<string> DefaultProfiles(string tool) =>
        [.. ToolProfiles.Names.Where(p => ToolProfiles.AllowListOf(p) is not { } allow || new ToolPolicyLayer(p, allow, null).Permits(tool))];

    private static int SectionOrder(string section) =>
        Array.IndexOf(["fs", "runtime", "web", "memory", "sessions", "ui", "messaging", "automation", "nodes", "agents", "media", "other"], section) is var i and >= 0 ? i : 99;

    private static string SectionLabel(string section) => section switch
    {
        "fs" => "Files",
        "runtime" => "Runtime",
        "web" => "Web",
        "memory" => "Memory",
        "sessions" => "Sessions",
        "ui" => "UI",
        "messaging" => "Messaging",
        "automation" => "Automation",
        "nodes" => "Nodes",
        "agents" => "Agents",
        "media" => "Media",
        _ => "Other",
    };

    private static string Capitalize(string value) => char.ToUpperInvariant(value[0]) + value[1..];
}
