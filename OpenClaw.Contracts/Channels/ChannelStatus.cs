namespace OpenClaw.Contracts.Channels;

/// <summary>
/// Health of one channel account as its worker publishes it to the Redis hash
/// <c>channel-status:&lt;channel&gt;:&lt;account&gt;</c> (field names below). The hash expires when the
/// worker stops refreshing it, so a vanished worker reads as "not running".
/// </summary>
public sealed record ChannelStatus
{
    public required string Channel { get; init; }

    public required string AccountId { get; init; }

    public bool Connected { get; init; }

    /// <summary><c>polling</c>, <c>webhook</c>, <c>gateway</c>, <c>socket</c>, <c>events-api</c>.</summary>
    public string? Mode { get; init; }

    public string? BotId { get; init; }

    public string? BotUsername { get; init; }

    public DateTimeOffset? LastEventAt { get; init; }

    public string? LastError { get; init; }

    public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>Connection restarts in the last hour.</summary>
    public int Restarts { get; init; }

    /// <summary>True when <c>channelMaxRestartsPerHour</c> was reached and the worker waits before trying again.</summary>
    public bool RestartLimitReached { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public static class Fields
    {
        public const string Connected = "connected";
        public const string Mode = "mode";
        public const string BotId = "botId";
        public const string BotUsername = "botUsername";
        public const string LastEventAt = "lastEventAt";
        public const string LastError = "lastError";
        public const string LastErrorAt = "lastErrorAt";
        public const string Restarts = "restarts";
        public const string RestartLimitReached = "restartLimitReached";
        public const string UpdatedAt = "updatedAt";
    }
}
