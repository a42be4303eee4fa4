using OpenClaw.Gateway.Agents;
using OpenClaw.Gateway.Sessions;
using OpenClaw.Gateway.Tools;
using OpenClaw.Gateway.Tools.Policy;

namespace OpenClaw.Gateway.Protocol.Methods;

/// <summary>
/// <c>tools.catalog {agentId?}</c> (the configuration view: every tool grouped by section — <c>fs</c>,
/// <c>runtime</c>, <c>web</c>, ... — with the profiles that include it, as upstream's Agents → Tools panel reads
/// it) and <c>tools.effective {sessionKey, agentId?}</c> (what that session can use right now after profile,
/// allow/deny, provider and sandbox policy).
/// </summary>
public static class ToolMethods
{
    public static MethodRegistry MapToolMethods(this MethodRegistry methods) => methods
        .Map("tools.catalog", Catalog)
        .Map("tools.effective", Effective);

    public static Task<object?> Catalog(MethodContext context)
    {
        var agentId = KnownAgent(context, context.OptionalString("agentId"));
        var catalog = context.Get<ToolRegistry>().Catalog(agentId);

        // Upstream lists the presets that name a tool; "full" restricts nothing, so it names none.
        return Task.FromResult<object?>(catalog with
        {
            Groups = [.. catalog.Groups.Select(g => g with { Tools = [.. g.Tools.Select(t => t with { DefaultProfiles = [.. t.DefaultProfiles.Where(p => p != ToolProfiles.Full)] })] })],
        });
    }

    public static Task<object?> Effective(MethodContext context)
    {
        var requested = context.RequiredString("sessionKey");
        var fromKey = SessionKeys.AgentIdOf(requested);
        var agentId = KnownAgent(context, context.OptionalString("agentId") ?? fromKey);
        if (fromKey is not null && !string.Equals(SessionKeys.NormalizeAgentId(fromKey), agentId, StringComparison.Ordinal))
        {
            throw GatewayMethodException.Invalid($"invalid tools.effective params: sessionKey \"{requested}\" belongs to agent \"{fromKey}\", not \"{agentId}\"");
        }

        var sessionKey = SessionKeys.Normalize(requested, agentId);
        return Task.FromResult<object?>(context.Get<ToolRegistry>().Effective(agentId, sessionKey));
    }

    /// <summary>The normalised agent id, the default agent when none is given; an unknown id is refused as upstream does.</summary>
    private static string KnownAgent(MethodContext context, string? requested)
    {
        var agents = context.Get<IAgentCatalog>();
        if (string.IsNullOrWhiteSpace(requested))
        {
            return agents.DefaultAgentId;
        }

        return agents.Find(SessionKeys.NormalizeAgentId(requested))?.Id
            ?? throw GatewayMethodException.Invalid($"unknown agent id \"{requested}\"");
    }
}
