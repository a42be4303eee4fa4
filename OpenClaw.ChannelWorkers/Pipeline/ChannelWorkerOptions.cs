namespace OpenClaw.ChannelWorkers.Pipeline;

/// <summary>
/// Settings of the Redis pipeline of a worker (section <c>ChannelWorkers</c>, env <c>ChannelWorkers__*</c>),
/// plus the channel it serves (<c>--channel</c>).
/// </summary>
internal sealed class ChannelWorkerOptions
{
    public const string SectionName = "ChannelWorkers";

    public string Channel { get; set; } = "";

    public string RedisPrefix { get; set; } = Contracts.StreamNames.DefaultPrefix;

    /// <summary>Deliveries of an outbound entry before it goes to the dead-letter stream.</summary>
    public int MaxDeliveryAttempts { get; set; } = 5;

    /// <summary>How long an entry stays pending (its consumer dead or its send failed) before it is claimed again.</summary>
    public TimeSpan ClaimIdleTime { get; set; } = TimeSpan.FromSeconds(15);

    public int ReadBatchSize { get; set; } = 256;

    /// <summary>Streams are trimmed to about this many entries …</summary>
    public int StreamMaxLength { get; set; } = 100_000;

    /// <summary>… and entries older than this.</summary>
    public TimeSpan StreamMaxAge { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan SentKeyTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a platform message id is remembered as published, so a re-read update is not added twice.</summary>
    public TimeSpan PublishedTtl { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan StatusTtl { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan StatusRefreshInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Upstream's <c>gateway.channelMaxRestartsPerHour</c>.</summary>
    public int MaxRestartsPerHour { get; set; } = 10;

    public TimeSpan RestartBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RestartMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>State directory (<c>OPENCLAW_STATE_DIR</c>, default <c>~/.openclaw</c>): offsets and inbound media.</summary>
    public string StateDir { get; set; } = "";
}
