namespace OpenClaw.Gateway.Security;

/// <summary>One entry of <c>devices/pending.json</c> (spec §2.2), keyed by <see cref="RequestId"/>.</summary>
public sealed record PendingPairingRequest
{
    public required string RequestId { get; init; }

    public required string DeviceId { get; init; }

    public required string PublicKey { get; init; }

    public string? DisplayName { get; init; }

    public string? Platform { get; init; }

    public string? DeviceFamily { get; init; }

    public string? ClientId { get; init; }

    public string? ClientMode { get; init; }

    public string? Role { get; init; }

    public List<string> Roles { get; init; } = [];

    public List<string> Scopes { get; init; } = [];

    public string? RemoteIp { get; init; }

    public bool Silent { get; init; }

    /// <summary>The device is already paired; this asks for more (role, scopes or a new key).</summary>
    public bool IsRepair { get; init; }

    public long Ts { get; init; }
}

/// <summary>One entry of <c>devices/paired.json</c> (spec §2.2), keyed by <see cref="DeviceId"/>.</summary>
public sealed record PairedDevice
{
    public required string DeviceId { get; init; }

    public required string PublicKey { get; init; }

    public string? DisplayName { get; init; }

    public string? Platform { get; init; }

    public string? DeviceFamily { get; init; }

    public string? ClientId { get; init; }

    public string? ClientMode { get; init; }

    public string? Role { get; init; }

    public List<string> Roles { get; init; } = [];

    public List<string> Scopes { get; init; } = [];

    public List<string> ApprovedScopes { get; init; } = [];

    public string? RemoteIp { get; init; }

    /// <summary><c>silent</c> (local auto-approval) or <c>owner</c> (approved by an operator).</summary>
    public string? ApprovedVia { get; init; }

    /// <summary>Device tokens by role.</summary>
    public Dictionary<string, DeviceTokenRecord> Tokens { get; init; } = new(StringComparer.Ordinal);

    public long CreatedAtMs { get; init; }

    public long ApprovedAtMs { get; init; }

    public long? LastSeenAtMs { get; init; }
}

public sealed record DeviceTokenRecord
{
    public required string Token { get; init; }

    public required string Role { get; init; }

    public List<string> Scopes { get; init; } = [];

    public long CreatedAtMs { get; init; }

    public long? RotatedAtMs { get; init; }

    public long? RevokedAtMs { get; init; }

    public long? LastUsedAtMs { get; init; }
}

/// <summary>Outcome of checking a presented device token.</summary>
public enum DeviceTokenCheck
{
    Valid,
    Mismatch,
    ScopeMismatch,
    NotPaired,
}
