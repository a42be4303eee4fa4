using OpenClaw.Gateway.Config;
using OpenClaw.Gateway.Sessions;

namespace OpenClaw.Gateway.Agents;

/// <summary>A chat peer: <c>direct</c> (DM), <c>group</c> or <c>channel</c> and its platform id.</summary>
public sealed record RoutePeer(string Kind, string Id);

/// <summary>Where an inbound message came from.</summary>
public sealed record RouteInput
{
    public required string Channel { get; init; }

    /// <summary>Channel account id; null = the default account.</summary>
    public string? AccountId { get; init; }

    public required RoutePeer Peer { get; init; }

    /// <summary>The parent conversation of a thread (thread inheritance), if any.</summary>
    public RoutePeer? ParentPeer { get; init; }

    public string? GuildId { get; init; }

    public string? TeamId { get; init; }

    public IReadOnlyList<string> MemberRoleIds { get; init; } = [];

    /// <summary>Thread id (Slack/Discord); appended as <c>:thread:&lt;id&gt;</c>.</summary>
    public string? ThreadId { get; init; }

    /// <summary>Telegram forum topic id; appended as <c>:topic:&lt;id&gt;</c>.</summary>
    public string? TopicId { get; init; }
}

/// <summary>Which agent handles the message, its session key and which rule matched.</summary>
public sealed record RouteResult(string AgentId, string SessionKey, string MainSessionKey, string MatchedBy, BindingConfig? Binding);

/// <summary>
/// Routing of inbound messages to agents (spec §4.4): first match per tier in upstream's order — peer, parent
/// peer, guild + roles, guild, team, account, channel (<c>accountId: "*"</c>), default agent. Pure: call it freely.
/// </summary>
public static class AgentRouter
{
    public static RouteResult Resolve(OpenClawConfig config, RouteInput input, string defaultAgentId)
    {
        var candidates = config.Bindings
            .Where(b => b.Type is null or "route" && string.Equals(b.Match.Channel, input.Channel, StringComparison.OrdinalIgnoreCase) && AccountMatches(b.Match.AccountId, input.AccountId))
            .ToList();

        (BindingConfig? binding, string tier) = Tier(candidates, b => b.Match.Peer is { } p && PeerMatches(p, input.Peer), "binding.peer");
        if (binding is null && input.ParentPeer is { } parent)
        {
            (binding, tier) = Tier(candidates, b => b.Match.Peer is { } p && PeerMatches(p, parent), "binding.peer.parent");
        }

        if (binding is null && input.GuildId is { } guild)
        {
            (binding, tier) = Tier(candidates, b => b.Match.Peer is null && Eq(b.Match.GuildId, guild) && b.Match.Roles is { Count: > 0 } roles && roles.Intersect(input.MemberRoleIds, StringComparer.Ordinal).Any(), "binding.guild+roles");
            if (binding is null)
            {
                (binding, tier) = Tier(candidates, b => b.Match.Peer is null && Eq(b.Match.GuildId, guild) && b.Match.Roles is null or { Count: 0 }, "binding.guild");
            }
        }

        if (binding is null && input.TeamId is { } team)
        {
            (binding, tier) = Tier(candidates, b => b.Match.Peer is null && b.Match.GuildId is null && Eq(b.Match.TeamId, team), "binding.team");
        }

        if (binding is null)
        {
            (binding, tier) = Tier(candidates, b => IsBare(b) && b.Match.AccountId != "*", "binding.account");
        }

        if (binding is null)
        {
            (binding, tier) = Tier(candidates, b => IsBare(b) && b.Match.AccountId == "*", "binding.channel");
        }

        var agentId = SessionKeys.NormalizeAgentId(binding?.AgentId ?? defaultAgentId);
        if (binding is not null && config.Agents.List.Count > 0 && !config.Agents.List.Any(a => SessionKeys.NormalizeAgentId(a.Id) == agentId))
        {
            // A binding to an agent that no longer exists falls back to the default rather than inventing an agent.
            (agentId, binding, tier) = (SessionKeys.NormalizeAgentId(defaultAgentId), null, "default");
        }

        return new RouteResult(agentId, SessionKeyFor(config, agentId, input), SessionKeys.MainSession(agentId), binding is null ? "default" : tier, binding);
    }

    /// <summary>The session key of a message for <paramref name="agentId"/> (dmScope for DMs; group/channel keys; thread/topic suffixes).</summary>
    public static string SessionKeyFor(OpenClawConfig config, string agentId, RouteInput input)
    {
        var key = NormalizeKind(input.Peer.Kind) switch
        {
            "group" => SessionKeys.Group(agentId, input.Channel, input.Peer.Id),
            "channel" => SessionKeys.Channel(agentId, input.Channel, input.Peer.Id),
            _ => SessionKeys.Direct(agentId, config.Session.DmScope, input.Channel, input.AccountId, input.Peer.Id),
        };
        if (input.TopicId is { Length: > 0 } topic)
        {
            key = SessionKeys.Topic(key, topic);
        }

        if (input.ThreadId is { Length: > 0 } thread)
        {
            key = SessionKeys.Thread(key, thread);
        }

        return key;
    }

    private static (BindingConfig?, string) Tier(List<BindingConfig> candidates, Func<BindingConfig, bool> predicate, string tier) =>
        (candidates.FirstOrDefault(predicate), tier);

    private static bool IsBare(BindingConfig b) => b.Match.Peer is null && b.Match.GuildId is null && b.Match.TeamId is null && b.Match.Roles is null or { Count: 0 };

    private static bool AccountMatches(string? bindingAccount, string? inputAccount) => bindingAccount switch
    {
        "*" => true,
        null or "" => inputAccount is null or "" or "default",
        _ => string.Equals(bindingAccount, inputAccount, StringComparison.OrdinalIgnoreCase),
    };

    private static bool PeerMatches(BindingPeer binding, RoutePeer peer) =>
        NormalizeKind(binding.Kind) == NormalizeKind(peer.Kind) && string.Equals(binding.Id, peer.Id, StringComparison.OrdinalIgnoreCase);

    private static string NormalizeKind(string kind) => kind.ToLowerInvariant() switch
    {
        "dm" => "direct",
        "room" => "channel",
        var k => k,
    };

    private static bool Eq(string? a, string b) => a is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
