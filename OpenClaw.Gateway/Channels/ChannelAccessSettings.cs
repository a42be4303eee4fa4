using System.Text.Json;
using OpenClaw.Gateway.Config;

namespace OpenClaw.Gateway.Channels;

/// <summary>
/// The access settings of one channel account as upstream resolves them (spec §7.1–7.2): the account's
/// own keys over the channel's, then <c>channels.defaults</c>, then the documented defaults.
/// </summary>
internal sealed record ChannelAccessSettings(
    string DmPolicy,
    IReadOnlyList<string> AllowFrom,
    string GroupPolicy,
    IReadOnlyList<string> GroupAllowFrom,
    IReadOnlyDictionary<string, ChannelGroupConfig> Groups,
    bool? RequireMention,
    string ReplyToMode,
    bool Configured)
{
    public static ChannelAccessSettings Resolve(OpenClawConfig config, string channel, string accountId)
    {
        var section = config.Channels.GetValueOrDefault(channel);
        var account = section?.Accounts?.GetValueOrDefault(accountId);
        var defaults = config.Channels.GetValueOrDefault("defaults");
        var allowFrom = account?.AllowFrom ?? section?.AllowFrom ?? [];
        return new ChannelAccessSettings(
            DmPolicy: account?.DmPolicy ?? section?.DmPolicy ?? "pairing",
            AllowFrom: allowFrom,
            // A missing channel block fails closed (allowlist).
            GroupPolicy: account?.GroupPolicy ?? section?.GroupPolicy ?? defaults?.GroupPolicy ?? "allowlist",
            GroupAllowFrom: account?.GroupAllowFrom ?? section?.GroupAllowFrom ?? allowFrom,
            Groups: account?.Groups ?? section?.Groups ?? GroupsFromRaw(account?.Channels ?? section?.Channels),
            RequireMention: account?.RequireMention ?? section?.RequireMention,
            ReplyToMode: account?.ReplyToMode ?? section?.ReplyToMode ?? "off",
            Configured: section is not null && section.Enabled != false);
    }

    /// <summary>Slack/Discord name their per-conversation settings <c>channels</c>; read the keys we gate on.</summary>
    private static Dictionary<string, ChannelGroupConfig> GroupsFromRaw(Dictionary<string, JsonElement>? raw)
    {
        var groups = new Dictionary<string, ChannelGroupConfig>(StringComparer.OrdinalIgnoreCase);
        foreach (var (id, value) in raw ?? [])
        {
            if (value.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            groups[id] = new ChannelGroupConfig
            {
                Enabled = value.TryGetProperty("allow", out var allow) && allow.ValueKind == JsonValueKind.False ? false : null,
                RequireMention = value.TryGetProperty("requireMention", out var rm) && rm.ValueKind is JsonValueKind.True or JsonValueKind.False
                    ? rm.GetBoolean()
                    : null,
            };
        }

        return groups;
    }
}
