using System.Globalization;
using OpenClaw.Contracts.Channels;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using ChatType = OpenClaw.Contracts.Channels.ChatType;
using TgChatType = Telegram.Bot.Types.Enums.ChatType;

namespace OpenClaw.ChannelWorkers.Telegram;

/// <summary>
/// Turns a Telegram update into an <see cref="InboundMessage"/>, or null for updates we do not act on:
/// edits, channel posts, callback queries, membership changes, service messages and the bot's own messages.
/// </summary>
internal static class TelegramUpdateMapper
{
    public static InboundMessage? Map(Update update, string accountId, User bot, out string? ignoredBecause)
    {
        ignoredBecause = null;
        if (update.Message is not { } message)
        {
            ignoredBecause = update.Type switch
            {
                UpdateType.EditedMessage => "edited message",
                UpdateType.Unknown => "unknown update type",
                _ => $"{update.Type} update",
            };
            return null;
        }

        if (message.From is not { } from)
        {
            ignoredBecause = "message without sender";
            return null;
        }

        if (from.Id == bot.Id)
        {
            ignoredBecause = "the bot's own message";
            return null;
        }

        var text = message.Text ?? message.Caption ?? "";
        var hasMedia = message.Photo is { Length: > 0 } || message.Document is not null || message.Voice is not null
            || message.Audio is not null || message.Video is not null;
        if (text.Length == 0 && !hasMedia)
        {
            ignoredBecause = $"{message.Type} message";
            return null;
        }

        var chatType = message.Chat.Type switch
        {
            TgChatType.Private => ChatType.Direct,
            TgChatType.Group or TgChatType.Supergroup => ChatType.Group,
            _ => ChatType.Channel,
        };
        var entities = message.Entities ?? message.CaptionEntities ?? [];
        var mentions = new List<string>();
        var mentioned = false;
        foreach (var entity in entities)
        {
            if (entity.Offset < 0 || entity.Offset + entity.Length > text.Length)
            {
                continue;
            }

            var value = text.Substring(entity.Offset, entity.Length);
            switch (entity.Type)
            {
                case MessageEntityType.Mention:
                    mentions.Add(value);
                    mentioned |= bot.Username is not null && string.Equals(value, "@" + bot.Username, StringComparison.OrdinalIgnoreCase);
                    break;
                case MessageEntityType.TextMention when entity.User is not null:
                    mentions.Add(entity.User.Id.ToString(CultureInfo.InvariantCulture));
                    mentioned |= entity.User.Id == bot.Id;
                    break;
                case MessageEntityType.BotCommand when bot.Username is not null:
                    mentioned |= value.EndsWith("@" + bot.Username, StringComparison.OrdinalIgnoreCase);
                    break;
            }
        }

        // A reply to one of the bot's messages addresses the bot, as a mention does.
        mentioned |= message.ReplyToMessage?.From?.Id == bot.Id;

        return new InboundMessage
        {
            Channel = "telegram",
            AccountId = accountId,
            ChatType = chatType,
            ChatId = message.Chat.Id.ToString(CultureInfo.InvariantCulture),
            ThreadId = message.IsTopicMessage && message.MessageThreadId is { } topic ? topic.ToString(CultureInfo.InvariantCulture) : null,
            Sender = new InboundSender
            {
                Id = from.Id.ToString(CultureInfo.InvariantCulture),
                Name = string.Join(' ', new[] { from.FirstName, from.LastName }.Where(n => !string.IsNullOrEmpty(n))),
                Username = from.Username,
                IsBot = from.IsBot,
            },
            Text = text,
            WasMentioned = mentioned,
            Mentions = mentions,
            ReplyTo = message.ReplyToMessage is { } replied
                ? new ReplyReference
                {
                    MessageId = replied.Id.ToString(CultureInfo.InvariantCulture),
                    Text = replied.Text ?? replied.Caption,
                    SenderId = replied.From?.Id.ToString(CultureInfo.InvariantCulture),
                }
                : null,
            PlatformMessageId = $"{message.Chat.Id.ToString(CultureInfo.InvariantCulture)}:{message.Id.ToString(CultureInfo.InvariantCulture)}",
            ReceivedAt = new DateTimeOffset(DateTime.SpecifyKind(message.Date, DateTimeKind.Utc)),
        };
    }

    /// <summary>The files attached to a message: the largest photo size, document, voice, audio or video.</summary>
    public static IEnumerable<(string Kind, FileBase File, string? FileName, string? MimeType)> Attachments(Message message)
    {
        if (message.Photo is { Length: > 0 } sizes)
        {
            yield return ("photo", sizes.MaxBy(s => (long)s.Width * s.Height)!, null, "image/jpeg");
        }

        if (message.Document is { } document)
        {
            yield return ("document", document, document.FileName, document.MimeType);
        }

        if (message.Voice is { } voice)
        {
            yield return ("voice", voice, null, voice.MimeType ?? "audio/ogg");
        }

        if (message.Audio is { } audio)
        {
            yield return ("audio", audio, audio.FileName, audio.MimeType);
        }

        if (message.Video is { } video)
        {
            yield return ("video", video, video.FileName, video.MimeType);
        }
    }
}
