namespace OpenClaw.Gateway.Channels;

/// <summary>Settings of the gateway's side of the channel streams (section <c>GatewayChannels</c>, env <c>GatewayChannels__*</c>).</summary>
public sealed class GatewayChannelsOptions
{
    public const string SectionName = "GatewayChannels";

    /// <summary>Off when the gateway runs without channels (no Redis).</summary>
    public bool Enabled { get; set; } = true;

    public string RedisPrefix { get; set; } = Contracts.StreamNames.DefaultPrefix;

    /// <summary>How long an inbound entry stays with a dead gateway before another claims it (XAUTOCLAIM).</summary>
    public TimeSpan ClaimIdleTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Deliveries of an inbound entry before it goes to the dead-letter stream.</summary>
    public int MaxDeliveryAttempts { get; set; } = 10;

    public int ReadBatchSize { get; set; } = 64;

    /// <summary>Inbound messages processed at once (the agent runner still serialises each session).</summary>
    public int MaxInFlight { get; set; } = 256;

    /// <summary>How long a turn may take before the message is answered with a timeout notice.</summary>
    public TimeSpan TurnTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>TTL of <c>seen:&lt;channel&gt;:&lt;account&gt;:&lt;id&gt;</c> de-duplication keys.</summary>
    public TimeSpan SeenTtl { get; set; } = TimeSpan.FromHours(24);

    public int StreamMaxLength { get; set; } = 100_000;

    /// <summary>Sends the typing action when a turn starts, and refreshes it until the reply is queued.</summary>
    public bool SendTyping { get; set; } = true;

    /// <summary>Overrides how often typing is refreshed (default per platform: Telegram 4 s, Discord 8 s; Slack never).</summary>
    public TimeSpan? TypingInterval { get; set; }
}
