using System.Text;

namespace OpenClaw.Gateway.Sessions;

/// <summary>
/// Session key formats exactly as upstream (spec §4.2): <c>agent:&lt;agentId&gt;:main</c>, DM scopes,
/// group/channel/thread/topic keys, plus normalisation of agent ids and request keys.
/// </summary>
public static class SessionKeys
{
    public const string DefaultAgentId = "main";
    public const string MainKey = "main";

    /// <summary>Lower-cases, maps characters outside <c>[a-z0-9_-]</c> to '-', trims to 64; empty → <c>main</c>.</summary>
    public static string NormalizeAgentId(string? agentId)
    {
        if (string.IsNullOrWhiteSpace(agentId))
        {
            return DefaultAgentId;
        }

        var sb = new StringBuilder(agentId.Length);
        foreach (var c in agentId.Trim().ToLowerInvariant())
        {
            sb.Append(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-' ? c : '-');
        }

        var id = sb.ToString().TrimStart('-', '_');
        if (id.Length > 64)
        {
            id = id[..64];
        }

        return id.Length == 0 ? DefaultAgentId : id;
    }

    public static bool IsValidAgentId(string id) =>
        id.Length is > 0 and <= 64 && (char.IsAsciiLetterLower(id[0]) || char.IsAsciiDigit(id[0])) &&
        id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-');

    /// <summary><c>agent:&lt;agentId&gt;:main</c>.</summary>
    public static string MainSession(string agentId) => $"agent:{NormalizeAgentId(agentId)}:{MainKey}";

    /// <summary>The DM session key for <paramref name="dmScope"/> (<c>main | per-peer | per-channel-peer | per-account-channel-peer</c>).</summary>
    public static string Direct(string agentId, string dmScope, string channel, string? accountId, string peerId)
    {
        var agent = NormalizeAgentId(agentId);
        var peer = NormalizePart(peerId);
        var ch = NormalizePart(channel);
        return dmScope switch
        {
            "per-peer" => $"agent:{agent}:direct:{peer}",
            "per-channel-peer" => $"agent:{agent}:{ch}:direct:{peer}",
            "per-account-channel-peer" => $"agent:{agent}:{ch}:{NormalizePart(string.IsNullOrEmpty(accountId) ? "default" : accountId)}:direct:{peer}",
            _ => MainSession(agent),
        };
    }

    /// <summary><c>agent:&lt;agentId&gt;:&lt;channel&gt;:group:&lt;id&gt;</c>.</summary>
    public static string Group(string agentId, string channel, string groupId) =>
        $"agent:{NormalizeAgentId(agentId)}:{NormalizePart(channel)}:group:{NormalizePart(groupId)}";

    /// <summary><c>agent:&lt;agentId&gt;:&lt;channel&gt;:channel:&lt;id&gt;</c> (rooms use <paramref name="kind"/> "room").</summary>
    public static string Channel(string agentId, string channel, string channelId, string kind = "channel") =>
        $"agent:{NormalizeAgentId(agentId)}:{NormalizePart(channel)}:{kind}:{NormalizePart(channelId)}";

    /// <summary>Base key + <c>:thread:&lt;threadId&gt;</c> (Slack/Discord threads).</summary>
    public static string Thread(string baseKey, string threadId) => $"{baseKey}:thread:{NormalizePart(threadId)}";

    /// <summary>Group key + <c>:topic:&lt;topicId&gt;</c> (Telegram forum topics).</summary>
    public static string Topic(string groupKey, string topicId) => $"{groupKey}:topic:{NormalizePart(topicId)}";

    /// <summary><c>agent:&lt;agentId&gt;:subagent:&lt;uuid&gt;</c>.</summary>
    public static string Subagent(string parentKeyOrAgentId, Guid id) =>
        parentKeyOrAgentId.StartsWith("agent:", StringComparison.Ordinal)
            ? $"{parentKeyOrAgentId}:subagent:{id}"
            : $"agent:{NormalizeAgentId(parentKeyOrAgentId)}:subagent:{id}";

    /// <summary>
    /// Normalises a key given by a client for <paramref name="agentId"/>: empty or <c>main</c> → the main key;
    /// keys without the <c>agent:</c> prefix get <c>agent:&lt;agentId&gt;:</c>; <c>global</c>/<c>unknown</c> stay.
    /// </summary>
    public static string Normalize(string? requestKey, string agentId)
    {
        var key = requestKey?.Trim() ?? "";
        if (key.Length == 0 || key.Equals(MainKey, StringComparison.OrdinalIgnoreCase))
        {
            return MainSession(agentId);
        }

        if (key is "global" or "unknown")
        {
            return key;
        }

        if (key.StartsWith("agent:", StringComparison.OrdinalIgnoreCase))
        {
            var parts = key.Split(':', 3);
            return parts.Length < 3 ? MainSession(parts.Length > 1 ? parts[1] : agentId) : $"agent:{NormalizeAgentId(parts[1])}:{parts[2].ToLowerInvariant()}";
        }

        return $"agent:{NormalizeAgentId(agentId)}:{key.ToLowerInvariant()}";
    }

    /// <summary>The agent id inside an <c>agent:&lt;id&gt;:...</c> key, or null.</summary>
    public static string? AgentIdOf(string sessionKey)
    {
        if (!sessionKey.StartsWith("agent:", StringComparison.Ordinal))
        {
            return null;
        }

        var end = sessionKey.IndexOf(':', 6);
        return end < 0 ? sessionKey[6..] : sessionKey[6..end];
    }

    /// <summary>True for <c>agent:&lt;id&gt;:main</c>.</summary>
    public static bool IsMain(string sessionKey) =>
        sessionKey.StartsWith("agent:", StringComparison.Ordinal) && sessionKey.EndsWith(":" + MainKey, StringComparison.Ordinal) && sessionKey.Count(c => c == ':') == 2;

    /// <summary>The chat type a key implies: direct, group or room/channel.</summary>
    public static string ChatTypeOf(string sessionKey) =>
        sessionKey.Contains(":group:", StringComparison.Ordinal) ? "group"
        : sessionKey.Contains(":channel:", StringComparison.Ordinal) || sessionKey.Contains(":room:", StringComparison.Ordinal) ? "room"
        : "direct";

    private static string NormalizePart(string value) => value.Trim().ToLowerInvariant();
}
