using OpenClaw.Gateway.Runs;
using OpenClaw.Gateway.Sessions;

namespace OpenClaw.Gateway.Tools.Sessions;

/// <summary>
/// The session store and agent runner, resolved on first use: the runner itself depends on the tool catalog, so the
/// session tools cannot take it in their constructors. Without the gateway core the tools answer with a clear error.
/// </summary>
public sealed class SessionToolsAccess(IServiceProvider services, ToolConfigSource config)
{
    public ToolConfigSource Config => config;

    public ISessionStores Stores => services.GetService<ISessionStores>()
        ?? throw new ToolException("Sessions are not available on this gateway (no session store registered).");

    public IAgentRunner Runner => services.GetService<IAgentRunner>()
        ?? throw new ToolException("Agent runs are not available on this gateway (no agent runner registered).");

    /// <summary>The store holding <paramref name="sessionKey"/> (the agent named in the key, else the caller's).</summary>
    public ISessionStore StoreFor(string sessionKey, string fallbackAgentId) =>
        Stores.For(SessionKeys.AgentIdOf(sessionKey) ?? fallbackAgentId);

    /// <summary>
    /// Whether the caller may see or message <paramref name="target"/> under <c>tools.sessions.visibility</c>:
    /// <c>self</c>, <c>tree</c> (self + sessions it spawned, the default and the clamp for sandboxed sessions),
    /// <c>agent</c> (any session of the same agent) or <c>all</c> (other agents too, with <c>tools.agentToAgent</c>).
    /// </summary>
    public async Task EnsureVisibleAsync(ToolContext context, string target, CancellationToken cancellationToken)
    {
        if (target == context.SessionKey)
        {
            return;
        }

        var visibility = EffectiveVisibility(context);
        var targetAgent = SessionKeys.AgentIdOf(target) ?? context.AgentId;
        var sameAgent = string.Equals(targetAgent, context.AgentId, StringComparison.OrdinalIgnoreCase);
        if (visibility is "tree" or "self" || !sameAgent && visibility != "all")
        {
            if (visibility != "self" && sameAgent && await IsDescendantAsync(context.SessionKey, target, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            throw new ToolException(
                $"Session {target} is not visible from {context.SessionKey} (tools.sessions.visibility is \"{visibility}\"" +
                (context.Sandboxed ? ", clamped to \"tree\" in a sandboxed session" : "") + ").");
        }

        if (!sameAgent)
        {
            var agentToAgent = config.Tools.AgentToAgent;
            if (!agentToAgent.Enabled || (agentToAgent.Allow.Count > 0 && !agentToAgent.Allow.Contains(targetAgent, StringComparer.OrdinalIgnoreCase)))
            {
                throw new ToolException($"Session {target} belongs to agent '{targetAgent}'; cross-agent access needs tools.agentToAgent.enabled (and the agent in tools.agentToAgent.allow).");
            }
        }
    }

    public string EffectiveVisibility(ToolContext context)
    {
        var configured = config.Tools.Sessions.Visibility.Trim().ToLowerInvariant();
        return context.Sandboxed && configured is "agent" or "all" ? "tree" : configured;
    }

    private async Task<bool> IsDescendantAsync(string ancestor, string sessionKey, CancellationToken cancellationToken)
    {
        var store = Stores.For(SessionKeys.AgentIdOf(sessionKey) ?? "main");
        var current = sessionKey;
        for (var depth = 0; depth < 16; depth++)
        {
            var entry = await store.GetAsync(current, cancellationToken).ConfigureAwait(false);
            var parent = entry?.SpawnedBy ?? entry?.ParentSessionKey;
            if (parent is null)
            {
                return false;
            }

            if (parent == ancestor)
            {
                return true;
            }

            current = parent;
        }

        return false;
    }
}
