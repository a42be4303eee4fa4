namespace OpenClaw.Gateway.Protocol;

/// <summary>One entry of the presence list (upstream's <c>PresenceEntry</c>; absent fields are omitted on the wire).</summary>
public sealed record PresenceEntry
{
    public string? Host { get; init; }

    public string? Ip { get; init; }

    public string? Version { get; init; }

    public string? Platform { get; init; }

    public string? DeviceFamily { get; init; }

    public string? ModelIdentifier { get; init; }

    /// <summary>Seconds since the user last touched the client's device, as its <c>system-event</c> beacons report.</summary>
    public int? LastInputSeconds { get; init; }

    public string? Mode { get; init; }

    public string? Reason { get; init; }

    public string? InstanceId { get; init; }

    public string? DeviceId { get; init; }

    public IReadOnlyList<string>? Roles { get; init; }

    public IReadOnlyList<string>? Scopes { get; init; }

    public string? Text { get; init; }

    public long Ts { get; init; }
}
