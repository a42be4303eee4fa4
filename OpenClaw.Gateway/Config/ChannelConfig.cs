using System.Text.Json;

namespace OpenClaw.Gateway.Config;

/// <summary>
/// One <c>channels.&lt;id&gt;</c> section (also the shape of <c>accounts.&lt;accountId&gt;</c>). Keys shared by the
/// built-in channels are typed; channel-specific deep structures stay raw JSON for the channel feature.
/// </summary>
public sealed class ChannelConfig
{
    public bool? Enabled { get; init; }

    public string? Name { get; init; }

    public SecretInput? BotToken { get; init; }

    public string? TokenFile { get; init; }

    public SecretInput? Token { get; init; }

    public SecretInput? AppToken { get; init; }

    public SecretInput? SigningSecret { get; init; }

    public SecretInput? UserToken { get; init; }

    [ConfigValues("socket", "http", "polling", "webhook")]
    public string? Mode { get; init; }

    public string? WebhookUrl { get; init; }

    public SecretInput? WebhookSecret { get; init; }

    public string? WebhookPath { get; init; }

    /// <summary>Telegram Bot API root (tests point it at a fake).</summary>
    public string? ApiRoot { get; init; }

    /// <summary>REST API base URL for Discord/Slack/... (tests point it at a fake).</summary>
    public string? ApiBaseUrl { get; init; }

    /// <summary>Discord gateway WebSocket URL.</summary>
    public string? GatewayUrl { get; init; }

    [ConfigValues("pairing", "allowlist", "open", "disabled")]
    public string? DmPolicy { get; init; }

    [NumbersAsStrings]
    public List<string>? AllowFrom { get; init; }

    [ConfigValues("open", "allowlist", "disabled")]
    public string? GroupPolicy { get; init; }

    [NumbersAsStrings]
    public List<string>? GroupAllowFrom { get; init; }

    public Dictionary<string, ChannelGroupConfig>? Groups { get; init; }

    public Dictionary<string, JsonElement>? Guilds { get; init; }

    public Dictionary<string, JsonElement>? Channels { get; init; }

    public Dictionary<string, ChannelConfig>? Accounts { get; init; }

    public string? DefaultAccount { get; init; }

    public bool? RequireMention { get; init; }

    public JsonElement? Streaming { get; init; }

    public int? TextChunkLimit { get; init; }

    public string? ChunkMode { get; init; }

    public int? HistoryLimit { get; init; }

    public int? DmHistoryLimit { get; init; }

    public double? MediaMaxMb { get; init; }

    public string? ReplyToMode { get; init; }

    public JsonElement? Actions { get; init; }

    public bool? ConfigWrites { get; init; }

    public JsonElement? Capabilities { get; init; }

    public JsonElement? HealthMonitor { get; init; }

    public string? Proxy { get; init; }

    public string? ReactionLevel { get; init; }

    public bool? LinkPreview { get; init; }

    public JsonElement? BlockStreaming { get; init; }

    public string? ResponsePrefix { get; init; }

    public string? AckReaction { get; init; }

    public JsonElement? Heartbeat { get; init; }

    public JsonElement? Commands { get; init; }

    public JsonElement? Dm { get; init; }

    public JsonElement? ExecApprovals { get; init; }

    public JsonElement? ThreadBindings { get; init; }

    public JsonElement? Retry { get; init; }

    public int? TimeoutSeconds { get; init; }

    public JsonElement? CustomCommands { get; init; }

    public JsonElement? Intents { get; init; }
}

/// <summary><c>channels.&lt;id&gt;.groups.&lt;groupId|*&gt;</c>.</summary>
public sealed class ChannelGroupConfig
{
    public bool? Enabled { get; init; }

    public bool? RequireMention { get; init; }

    [NumbersAsStrings]
    public List<string>? AllowFrom { get; init; }

    public string? SystemPrompt { get; init; }

    public string? AgentId { get; init; }

    public JsonElement? Skills { get; init; }

    public JsonElement? Tools { get; init; }

    public JsonElement? Topics { get; init; }

    public JsonElement? Users { get; init; }

    public string? GroupPolicy { get; init; }
}
