namespace OpenClaw.ChannelWorkers.Discord;

/// <summary><c>channels.discord</c> (and <c>accounts.&lt;id&gt;</c>) settings the worker uses.</summary>
internal sealed class DiscordAccountOptions
{
    /// <summary>GUILDS | GUILD_MESSAGES | DIRECT_MESSAGES | MESSAGE_CONTENT (privileged: enable it in the developer portal).</summary>
    public const int DefaultIntents = 1 | 512 | 4096 | 32768;

    public string? Token { get; set; }

    public string ApiBaseUrl { get; set; } = "https://discord.com/api/v10";

    public string GatewayUrl { get; set; } = "wss://gateway.discord.gg";

    public int? Intents { get; set; }

    public int TextChunkLimit { get; set; } = 2000;

    public int MaxLinesPerMessage { get; set; } = 17;

    public int MediaMaxMb { get; set; } = 100;
}
