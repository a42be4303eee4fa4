using System.Text.Json;
using System.Text.RegularExpressions;
using OpenClaw.Contracts.Channels;
using OpenClaw.Gateway.Config;

namespace OpenClaw.Gateway.Channels;

/// <summary>What the gateway does with an inbound message before any agent sees it.</summary>
internal enum AccessVerdict
{
    Allow,
    Drop,
    /// <summary>Unknown DM sender under <c>dmPolicy: pairing</c>: answer with a pairing code, no agent access.</summary>
    Pair,
}

internal sealed record AccessDecision(AccessVerdict Verdict, string Reason);

/// <summary>
/// DM policy (pairing / allowlist / open / disabled with <c>allowFrom</c> and the pairing store), group
/// policy (allowlist / open / disabled with <c>groups</c> and <c>groupAllowFrom</c>) and mention gating
/// (<c>requireMention</c>, native mentions, <c>mentionPatterns</c>), as upstream (spec §7.2).
/// </summary>
internal static class ChannelAccessPolicy
{
    public static AccessDecision Decide(InboundMessage message, ChannelAccessSettings settings, IReadOnlyList<string> approved, IReadOnlyList<Regex> mentionPatterns)
    {
        if (message.Sender.IsBot)
        {
            return new(AccessVerdict.Drop, "sender is a bot");
        }

        if (message.ChatType == ChatType.Direct)
        {
            return settings.DmPolicy switch
            {
                "disabled" => new(AccessVerdict.Drop, "dmPolicy is disabled"),
                "open" => new(AccessVerdict.Allow, "dmPolicy open"),
                _ when Matches(settings.AllowFrom, message.Sender) || Matches(approved, message.Sender) => new(AccessVerdict.Allow, "sender in allowFrom"),
                "allowlist" => new(AccessVerdict.Drop, "sender not in allowFrom"),
                _ => new(AccessVerdict.Pair, "unknown sender, pairing required"),
            };
        }

        var group = settings.Groups.GetValueOrDefault(message.ChatId) ?? settings.Groups.GetValueOrDefault("*");
        switch (settings.GroupPolicy)
        {
            case "disabled":
                return new(AccessVerdict.Drop, "groupPolicy is disabled");
            case "allowlist":
                var groupListed = group is not null && group.Enabled != false;
                var senderListed = Matches(group?.AllowFrom ?? [], message.Sender) || Matches(settings.GroupAllowFrom, message.Sender);
                if (!groupListed && !senderListed)
                {
                    return new(AccessVerdict.Drop, "group not in the allowlist");
                }

                if (group?.AllowFrom is { Count: > 0 } members && !Matches(members, message.Sender))
                {
                    return new(AccessVerdict.Drop, "sender not in the group's allowFrom");
                }

                break;
        }

        if (group?.Enabled == false)
        {
            return new(AccessVerdict.Drop, "group disabled");
        }

        var requireMention = group?.RequireMention ?? settings.Groups.GetValueOrDefault("*")?.RequireMention ?? settings.RequireMention ?? true;
        if (requireMention && !message.WasMentioned && !mentionPatterns.Any(p => p.IsMatch(message.Text)))
        {
            return new(AccessVerdict.Drop, "not mentioned (requireMention)");
        }

        return new(AccessVerdict.Allow, "group message allowed");
    }

    /// <summary>Compiles <c>messages.groupChat.mentionPatterns</c> and the agent's <c>groupChat.mentionPatterns</c>.</summary>
    public static IReadOnlyList<Regex> MentionPatterns(OpenClawConfig config, string agentId)
    {
        var patterns = new List<string>();
        if (config.Messages is { ValueKind: JsonValueKind.Object } messages
            && messages.TryGetProperty("groupChat", out var groupChat))
        {
            patterns.AddRange(ReadPatterns(groupChat));
        }

        var agent = config.Agents.List.FirstOrDefault(a => string.Equals(a.Id, agentId, StringComparison.OrdinalIgnoreCase));
        if (agent?.GroupChat is { } agentGroupChat)
        {
            patterns.AddRange(ReadPatterns(agentGroupChat));
        }

        var compiled = new List<Regex>();
        foreach (var pattern in patterns)
        {
            try
            {
                compiled.Add(new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50)));
            }
            catch (ArgumentException)
            {
                // An invalid user regex never matches rather than breaking the channel.
            }
        }

        return compiled;
    }

    private static IEnumerable<string> ReadPatterns(JsonElement groupChat) =>
        groupChat.ValueKind == JsonValueKind.Object && groupChat.TryGetProperty("mentionPatterns", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.String).Select(p => p.GetString()!)
            : [];

    /// <summary>An allowFrom entry matches the sender id (prefixes like <c>tg:</c>, <c>user:</c> allowed), <c>@username</c> or <c>*</c>.</summary>
    internal static bool Matches(IReadOnlyList<string> allowFrom, InboundSender sender)
    {
        foreach (var raw in allowFrom)
        {
            var entry = raw.Trim();
            if (entry == "*")
            {
                return true;
            }

            var colon = entry.LastIndexOf(':');
            if (colon >= 0)
            {
                entry = entry[(colon + 1)..];
            }

            entry = entry.Trim('<', '>');
            if (string.Equals(entry, sender.Id, StringComparison.OrdinalIgnoreCase)
                || (entry.StartsWith('@') && sender.Username is { } username && string.Equals(entry[1..], username, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }
}
