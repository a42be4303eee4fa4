namespace OpenClaw.Contracts.Protocol;

/// <summary>Payload of a successful <c>connect</c> (spec §1.5.4).</summary>
public sealed record HelloOk
{
    public string Type { get; init; } = "hello-ok";

    public required int Protocol { get; init; }

    public required HelloServer Server { get; init; }

    public required HelloFeatures Features { get; init; }

    public required HelloSnapshot Snapshot { get; init; }

    public HelloAuth? Auth { get; init; }

    public required HelloPolicy Policy { get; init; }
}

public sealed record HelloServer
{
    public required string Version { get; init; }

    public string? BuildId { get; init; }

    public string? BootId { get; init; }

    public required string ConnId { get; init; }
}

public sealed record HelloFeatures
{
    public required IReadOnlyList<string> Methods { get; init; }

    public required IReadOnlyList<string> Events { get; init; }

    public IReadOnlyList<string>? Capabilities { get; init; }
}

public sealed record HelloSnapshot
{
    public required object Presence { get; init; }

    public required object Health { get; init; }

    public required StateVersion StateVersion { get; init; }

    public long UptimeMs { get; init; }

    public string? ConfigPath { get; init; }

    public string? StateDir { get; init; }

    public object? SessionDefaults { get; init; }

    public string? AuthMode { get; init; }
}

/// <summary>What the connection was granted; <c>deviceToken</c> only for paired devices.</summary>
public sealed record HelloAuth
{
    public string? Method { get; init; }

    public string? DeviceToken { get; init; }

    public required string Role { get; init; }

    public required IReadOnlyList<string> Scopes { get; init; }

    public long? IssuedAtMs { get; init; }
}

public sealed record HelloPolicy
{
    public long MaxPayload { get; init; } = 26_214_400;

    public long MaxBufferedBytes { get; init; } = 52_428_800;

    public int TickIntervalMs { get; init; } = 15_000;

    public HelloAttachmentPolicy? Attachments { get; init; }
}

public sealed record HelloAttachmentPolicy(long MaxBytes, long MaxImageBytes);
