namespace OpenClaw.ChannelWorkers.Slack;

/// <summary><c>channels.slack</c> (and <c>accounts.&lt;id&gt;</c>) settings the worker uses.</summary>
internal sealed class SlackAccountOptions
{
    /// <summary>Bot token (<c>xoxb-…</c>) for the Web API.</summary>
    public string? BotToken { get; set; }

    /// <summary>App-level token (<c>xapp-…</c>) for Socket Mode.</summary>
    public string? AppToken { get; set; }

    /// <summary>Signing secret for HTTP Events mode.</summary>
    public string? SigningSecret { get; set; }

    /// <summary><c>socket</c> (default) or <c>http</c>.</summary>
    public string? Mode { get; set; }

    public string ApiBaseUrl { get; set; } = "https://slack.com/api";

    public string WebhookPath { get; set; } = "/slack/events";

    public string WebhookHost { get; set; } = "127.0.0.1";

    public int WebhookPort { get; set; } = 8788;

    public int TextChunkLimit { get; set; } = 4000;

    public int MediaMaxMb { get; set; } = 20;
}
