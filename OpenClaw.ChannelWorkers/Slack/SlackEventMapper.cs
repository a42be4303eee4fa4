using System.Globalization;
using System.Text.Json.Nodes;
using OpenClaw.Contracts.Channels;

namespace OpenClaw.ChannelWorkers.Slack;

/// <summary>Turns an Events API <c>event_callback</c> into an <see cref="InboundMessage"/>; null for subtypes (edits, joins, bot messages), the bot itself and other event types.</summary>
internal static class SlackEventMapper
{
    public static InboundMessage? Map(JsonObject callback, string accountId, string? botUserId, out string? ignoredBecause)
    {
        ignoredBecause = null;
        if (callback["event"] is not JsonObject e)
        {
            ignoredBecause = "callback without event";
            return null;
        }

        var type = e["type"]?.ToString();
        if (type is not ("message" or "app_mention"))
        {
            ignoredBecause = $"event type {type}";
            return null;
        }

        if (e["subtype"] is not null and var subtype && subtype.ToString() != "file_share")
        {
            ignoredBecause = $"message subtype {subtype}";
            return null;
        }

        var user = e["user"]?.ToString();
        if (user is null || e["bot_id"] is not null || user == botUserId)
        {
            ignoredBecause = user == botUserId ? "the bot's own message" : "bot message";
            return null;
        }

        var channel = e["channel"]?.ToString();
        var ts = e["ts"]?.ToString();
        if (channel is null || ts is null)
        {
            ignoredBecause = "message without channel or ts";
            return null;
        }

        var text = e["text"]?.ToString() ?? "";
        var channelType = e["channel_type"]?.ToString();
        return new InboundMessage
        {
            Channel = "slack",
            AccountId = accountId,
            ChatType = channelType switch
            {
                "im" => ChatType.Direct,
                "mpim" or "group" => ChatType.Group,
                _ => channel.StartsWith('D') ? ChatType.Direct : ChatType.Channel,
            },
            ChatId = channel,
            ThreadId = e["thread_ts"]?.ToString(),
            TeamId = callback["team_id"]?.ToString() ?? e["team"]?.ToString(),
            Sender = new InboundSender { Id = user },
            Text = text,
            WasMentioned = type == "app_mention" || (botUserId is not null && text.Contains($"<@{botUserId}>", StringComparison.Ordinal)),
            PlatformMessageId = $"{channel}:{ts}",
            ReceivedAt = double.TryParse(ts, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
                : DateTimeOffset.UtcNow,
        };
    }
}
