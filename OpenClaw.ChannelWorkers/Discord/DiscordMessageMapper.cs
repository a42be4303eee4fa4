using System.Globalization;
using System.Text.Json.Nodes;
using OpenClaw.Contracts.Channels;

namespace OpenClaw.ChannelWorkers.Discord;

/// <summary>Turns a <c>MESSAGE_CREATE</c> dispatch into an <see cref="InboundMessage"/>; null for bots (including ourselves) and empty messages.</summary>
internal static class DiscordMessageMapper
{
    public static InboundMessage? Map(JsonObject d, string accountId, string? selfId, out string? ignoredBecause)
    {
        ignoredBecause = null;
        var author = d["author"] as JsonObject;
        var authorId = author?["id"]?.ToString();
        if (author is null || authorId is null || d["id"] is null || d["channel_id"] is null)
        {
            ignoredBecause = "message without id, channel or author";
            return null;
        }

        if (authorId == selfId || author["bot"]?.GetValueKind() == System.Text.Json.JsonValueKind.True)
        {
            ignoredBecause = authorId == selfId ? "the bot's own message" : "message from another bot";
            return null;
        }

        var content = d["content"]?.ToString() ?? "";
        var attachments = d["attachments"] as JsonArray ?? [];
        if (content.Length == 0 && attachments.Count == 0)
        {
            ignoredBecause = "message without content (Message Content intent missing?)";
            return null;
        }

        var mentions = (d["mentions"] as JsonArray ?? []).Select(m => m?["id"]?.ToString()).OfType<string>().ToList();
        var referenced = d["referenced_message"] as JsonObject;
        var guildId = d["guild_id"]?.ToString();
        var mentioned = selfId is not null && (mentions.Contains(selfId) || content.Contains($"<@{selfId}>", StringComparison.Ordinal)
            || content.Contains($"<@!{selfId}>", StringComparison.Ordinal) || referenced?["author"]?["id"]?.ToString() == selfId);

        return new InboundMessage
        {
            Channel = "discord",
            AccountId = accountId,
            ChatType = guildId is null ? ChatType.Direct : ChatType.Channel,
            ChatId = d["channel_id"]!.ToString(),
            GuildId = guildId,
            RoleIds = (d["member"]?["roles"] as JsonArray ?? []).Select(r => r?.ToString()).OfType<string>().ToList(),
            Sender = new InboundSender
            {
                Id = authorId,
                Name = d["member"]?["nick"]?.ToString() ?? author["global_name"]?.ToString() ?? author["username"]?.ToString(),
                Username = author["username"]?.ToString(),
            },
            Text = content,
            WasMentioned = mentioned,
            Mentions = mentions,
            ReplyTo = referenced is null ? null : new ReplyReference
            {
                MessageId = referenced["id"]?.ToString() ?? "",
                Text = referenced["content"]?.ToString(),
                SenderId = referenced["author"]?["id"]?.ToString(),
            },
            PlatformMessageId = d["id"]!.ToString(),
            ReceivedAt = DateTimeOffset.TryParse(d["timestamp"]?.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
                ? at
                : DateTimeOffset.UtcNow,
        };
    }
}
