namespace OpenClaw.Gateway.Protocol;

/// <summary>Limits and timers of the WebSocket control plane (spec §1.5.1); section <c>gateway:protocol</c>.</summary>
public sealed class GatewayProtocolOptions
{
    public const string SectionName = "gateway:protocol";

    /// <summary>Largest frame accepted before <c>hello-ok</c> (64 KiB).</summary>
    public int PreAuthMaxPayload { get; set; } = 64 * 1024;

    /// <summary><c>policy.maxPayload</c>: largest frame after <c>hello-ok</c> (25 MiB).</summary>
    public int MaxPayload { get; set; } = 26_214_400;

    /// <summary><c>policy.maxBufferedBytes</c>: a client that lets more than this pile up unsent is dropped.</summary>
    public long MaxBufferedBytes { get; set; } = 52_428_800;

    /// <summary><c>policy.tickIntervalMs</c>: interval of the <c>tick</c> keep-alive event.</summary>
    public int TickIntervalMs { get; set; } = 15_000;

    /// <summary>A socket that has not sent a valid <c>connect</c> within this time is closed.</summary>
    public int HandshakeTimeoutMs { get; set; } = 15_000;

    /// <summary>Accepted distance between a device signature's <c>signedAt</c> and the gateway clock.</summary>
    public long SignatureSkewMs { get; set; } = 120_000;

    /// <summary>Requests of one connection handled at the same time; further frames wait (back-pressure).</summary>
    public int MaxConcurrentRequestsPerConnection { get; set; } = 32;
}
