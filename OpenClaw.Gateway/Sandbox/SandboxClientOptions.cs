namespace OpenClaw.Gateway.Sandbox;

/// <summary>Bound from <c>OpenClaw:Sandbox:Client</c>.</summary>
public sealed class SandboxClientOptions
{
    public const string Section = "OpenClaw:Sandbox:Client";

    /// <summary>Names this gateway's reply stream; defaults to host name, process id and a random suffix.</summary>
    public string? InstanceId { get; set; }

    /// <summary>Redis key prefix (<c>openclaw:</c>).</summary>
    public string Prefix { get; set; } = OpenClaw.Contracts.StreamNames.DefaultPrefix;

    /// <summary>How long non-exec requests wait for a reply (ensure may build a container and run setupCommand).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Added to an exec's own timeout before the caller gives up.</summary>
    public TimeSpan ExecTimeoutMargin { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Fallback poll of the reply stream when a pub/sub wake-up is missed.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);
}
