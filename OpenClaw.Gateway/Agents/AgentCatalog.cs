using OpenClaw.Gateway.Config;
using OpenClaw.Gateway.Sessions;

namespace OpenClaw.Gateway.Agents;

/// <summary>An agent with its effective settings (per-agent values over <c>agents.defaults</c>).</summary>
public sealed record ResolvedAgent(
    string Id,
    string? Name,
    bool IsDefault,
    string WorkspaceDir,
    string AgentDir,
    string? PrimaryModel,
    IReadOnlyList<string> Fallbacks,
    AgentConfig? Config)
{
    public string MainSessionKey => SessionKeys.MainSession(Id);
}

/// <summary>The configured agents (spec §3.4). Without <c>agents.list</c> there is one agent, <c>main</c>.</summary>
public interface IAgentCatalog
{
    string DefaultAgentId { get; }

    IReadOnlyList<ResolvedAgent> List();

    ResolvedAgent? Find(string agentId);

    /// <summary>The agent for <paramref name="agentId"/> (normalised), or the default agent when null/empty.</summary>
    ResolvedAgent Resolve(string? agentId);
}

public sealed class AgentCatalog(IConfigStore config, OpenClawPaths paths) : IAgentCatalog
{
    private (string Hash, IReadOnlyList<ResolvedAgent> Agents)? _cache;

    public string DefaultAgentId => List().First(a => a.IsDefault).Id;

    public IReadOnlyList<ResolvedAgent> List()
    {
        var snapshot = config.Current;
        if (_cache is { } cached && cached.Hash == snapshot.Hash)
        {
            return cached.Agents;
        }

        var agents = Build(snapshot.Config, paths);
        _cache = (snapshot.Hash, agents);
        return agents;
    }

    public ResolvedAgent? Find(string agentId)
    {
        var id = SessionKeys.NormalizeAgentId(agentId);
        return List().FirstOrDefault(a => a.Id == id);
    }

    public ResolvedAgent Resolve(string? agentId) =>
        string.IsNullOrWhiteSpace(agentId) ? List().First(a => a.IsDefault)
        : Find(agentId) ?? throw new KeyNotFoundException($"unknown agent '{agentId}': configured agents are {string.Join(", ", List().Select(a => a.Id))}");

    /// <summary>Default agent: first entry with default:true, else the first entry, else <c>main</c>.</summary>
    public static IReadOnlyList<ResolvedAgent> Build(OpenClawConfig config, OpenClawPaths paths)
    {
        var defaults = config.Agents.Defaults;
        var defaultWorkspace = defaults.Workspace is { Length: > 0 } ws ? Path.GetFullPath(paths.ExpandHome(ws)) : paths.DefaultWorkspaceDir;
        var defaultFallbacks = defaults.Model?.Fallbacks ?? [];
        var list = config.Agents.List;
        if (list.Count == 0)
        {
            return [new ResolvedAgent(SessionKeys.DefaultAgentId, null, true, defaultWorkspace, paths.AgentDir(SessionKeys.DefaultAgentId), defaults.Model?.Primary, defaultFallbacks, null)];
        }

        var defaultIndex = Math.Max(0, list.FindIndex(a => a.Default == true));
        return [.. list.Select((a, i) =>
        {
            var id = SessionKeys.NormalizeAgentId(a.Id);
            var workspace = a.Workspace is { Length: > 0 } w ? Path.GetFullPath(paths.ExpandHome(w))
                : i == defaultIndex ? defaultWorkspace : Path.Combine(paths.StateDir, $"workspace-{id}");
            var agentDir = a.AgentDir is { Length: > 0 } d ? Path.GetFullPath(paths.ExpandHome(d)) : paths.AgentDir(id);
            return new ResolvedAgent(id, a.Name ?? a.Identity?.Name, i == defaultIndex, workspace, agentDir,
                a.Model?.Primary ?? defaults.Model?.Primary, a.Model?.Fallbacks ?? defaultFallbacks, a);
        })];
    }
}
