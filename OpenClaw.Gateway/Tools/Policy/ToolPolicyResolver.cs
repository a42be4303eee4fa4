namespace OpenClaw.Gateway.Tools.Policy;

/// <summary>What decides a tool set: the agent, the session, the model provider and whether it runs sandboxed.</summary>
public sealed record ToolPolicySubject(string AgentId, string SessionKey, bool Sandboxed, string? Provider = null, string? Model = null);

/// <summary>
/// Builds the policy pipeline of spec §5.4: profile → provider profile → tools.allow/deny → provider allow/deny →
/// agent allow/deny → agent provider allow/deny → sandbox tool policy (when sandboxed) → sub-agent policy. A tool is
/// effective when every layer permits it, so a later layer can only restrict, never re-grant.
/// </summary>
public static class ToolPolicyResolver
{
    public static IReadOnlyList<ToolPolicyLayer> Resolve(ToolsOptions tools, AgentsToolOptions agents, ToolPolicySubject subject)
    {
        var agentTools = agents.Find(subject.AgentId)?.Tools;
        var layers = new List<ToolPolicyLayer>();

        var profile = agentTools?.Profile ?? tools.Profile;
        var alsoAllow = agentTools?.AlsoAllow ?? tools.AlsoAllow;
        var profilePath = agentTools?.Profile is not null ? $"agents.list[{subject.AgentId}].tools.profile" : "tools.profile";
        if (ToolProfiles.AllowListOf(profile, profilePath) is { } profileAllow)
        {
            layers.Add(new($"profile:{profile}", [.. profileAllow, .. alsoAllow ?? []], null));
        }

        var provider = PickByProvider(tools.ByProvider, subject);
        var agentProvider = PickByProvider(agentTools?.ByProvider, subject);
        var providerProfile = agentProvider?.Profile ?? provider?.Profile;
        if (ToolProfiles.AllowListOf(providerProfile, "tools.byProvider[].profile") is { } providerProfileAllow)
        {
            layers.Add(new($"byProvider.profile:{providerProfile}", providerProfileAllow, null));
        }

        layers.Add(new("tools", tools.Allow, tools.Deny));
        if (provider is not null)
        {
            layers.Add(new("tools.byProvider", provider.Allow, provider.Deny));
        }

        if (agentTools is not null)
        {
            layers.Add(new($"agents.list[{subject.AgentId}].tools", agentTools.Allow, agentTools.Deny));
        }

        if (agentProvider is not null)
        {
            layers.Add(new($"agents.list[{subject.AgentId}].tools.byProvider", agentProvider.Allow, agentProvider.Deny));
        }

        if (subject.Sandboxed)
        {
            // Each list comes from the agent, else from tools.sandbox.tools, else upstream's default; a tool named
            // explicitly in allow/alsoAllow is lifted out of the default deny list.
            var agentSandbox = agentTools?.Sandbox?.Tools;
            var globalSandbox = tools.Sandbox?.Tools;
            var allow = agentSandbox?.Allow ?? globalSandbox?.Allow;
            var also = agentSandbox?.AlsoAllow ?? globalSandbox?.AlsoAllow ?? [];
            var deny = agentSandbox?.Deny ?? globalSandbox?.Deny;
            List<string> effectiveAllow = [.. allow is { Count: > 0 } ? allow : SandboxToolPolicy.DefaultAllow, .. also];
            var explicitlyAllowed = (allow ?? []).Concat(also).Where(n => !n.Contains('*', StringComparison.Ordinal)).ToList();
            var effectiveDeny = deny ?? [.. SandboxToolPolicy.DefaultDeny.Where(d => !ToolPolicyLayer.Matches(explicitlyAllowed, d))];
            layers.Add(new("tools.sandbox.tools", effectiveAllow, effectiveDeny));
        }

        var depth = SubagentDepth(subject.SessionKey);
        if (depth > 0)
        {
            var maxDepth = Math.Max(1, agents.Defaults.Subagents.MaxSpawnDepth);
            var configured = tools.Subagents?.Tools;
            List<string> deny = [.. SandboxToolPolicy.SubagentDenyAlways];
            if (depth >= maxDepth)
            {
                deny.AddRange(SandboxToolPolicy.SubagentDenyLeaf);
            }

            deny.AddRange(configured?.Deny ?? []);
            layers.Add(new("tools.subagents.tools", configured?.Allow, deny));
        }

        return layers;
    }

    public static bool Permits(IReadOnlyList<ToolPolicyLayer> layers, string tool) => layers.All(l => l.Permits(tool));

    /// <summary>The first layer that refuses the tool, to explain why it is missing.</summary>
    public static ToolPolicyLayer? BlockingLayer(IReadOnlyList<ToolPolicyLayer> layers, string tool) =>
        layers.FirstOrDefault(l => !l.Permits(tool));

    private static ToolPolicyOptions? PickByProvider(Dictionary<string, ToolPolicyOptions>? byProvider, ToolPolicySubject subject)
    {
        if (byProvider is null || subject.Provider is null)
        {
            return null;
        }

        var dict = new Dictionary<string, ToolPolicyOptions>(byProvider, StringComparer.OrdinalIgnoreCase);
        if (subject.Model is not null)
        {
            var model = subject.Model.Contains('/', StringComparison.Ordinal) ? subject.Model : $"{subject.Provider}/{subject.Model}";
            if (dict.TryGetValue(model, out var exact))
            {
                return exact;
            }
        }

        return dict.GetValueOrDefault(subject.Provider);
    }

    private static int SubagentDepth(string sessionKey)
    {
        var count = 0;
        var index = 0;
        while ((index = sessionKey.IndexOf(":subagent:", index, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            count++;
            index += ":subagent:".Length;
        }

        return count;
    }
}
