namespace OpenClaw.Fakes.Telegram;

/// <summary>What the fake Bot API accepted from the bot: a message, photo or document.</summary>
public sealed record TelegramSentMessage(
    string Method,
    long ChatId,
    int MessageId,
    string Text,
    string? ParseMode,
    int? ReplyToMessageId,
    int? MessageThreadId,
    DateTimeOffset At)
{
    /// <summary>The file of a media message (null for sendMessage).</summary>
    public TelegramSentFile? File { get; init; }
}

/// <summary>A chat action (typing) or reaction the bot asked for.</summary>
public sealed record TelegramAction(string Method, long ChatId, string Value, int? MessageThreadId, int? MessageId);
