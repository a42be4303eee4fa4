namespace OpenClaw.ChannelWorkers.Telegram;

/// <summary><c>channels.telegram</c> (and <c>channels.telegram.accounts.&lt;id&gt;</c>) settings the worker uses.</summary>
internal sealed class TelegramAccountOptions
{
    public const string DefaultApiRoot = "https://api.telegram.org";

    public string? BotToken { get; set; }

    public string? TokenFile { get; set; }

    /// <summary>Bot API server root; tests point it at the fake on loopback.</summary>
    public string ApiRoot { get; set; } = DefaultApiRoot;

    /// <summary>Public URL Telegram posts updates to; when set the account runs in webhook mode.</summary>
    public string? WebhookUrl { get; set; }

    public string? WebhookSecret { get; set; }

    public string WebhookHost { get; set; } = "127.0.0.1";

    public int WebhookPort { get; set; } = 8787;

    public string WebhookPath { get; set; } = "/telegram-webhook";

    public int TextChunkLimit { get; set; } = 4000;

    public int MediaMaxMb { get; set; } = 100;

    public int PollTimeoutSeconds { get; set; } = 30;

    /// <summary>Longest <c>retry_after</c> (seconds) waited for on a 429 before the send counts as failed.</summary>
    public int MaxRetryAfterSeconds { get; set; } = 60;
}
