namespace OpenClaw.Gateway.Security;

/// <summary>
/// The <c>gateway</c> keys the control plane needs (spec §1.3): auth mode and secrets, the failed-auth
/// rate limit, Control UI origins and device-auth switches, local auto-approval of device pairing.
/// Bound from the <c>gateway</c> configuration section; the env vars win over the file.
/// </summary>
public sealed class GatewaySecurityOptions
{
    public const string SectionName = "gateway";

    public int Port { get; set; } = 18789;

    public GatewayAuthOptions Auth { get; set; } = new();

    public ControlUiSecurityOptions ControlUi { get; set; } = new();

    public NodesSecurityOptions Nodes { get; set; } = new();
}

public sealed class GatewayAuthOptions
{
    /// <summary><c>none</c>, <c>token</c> (default), <c>password</c> or <c>trusted-proxy</c>.</summary>
    public string? Mode { get; set; }

    public string? Token { get; set; }

    public string? Password { get; set; }

    public AuthRateLimitOptions RateLimit { get; set; } = new();

    /// <summary>The mode in force: explicit, else password when only a password is set, else token.</summary>
    public string EffectiveMode => Mode is { Length: > 0 } mode
        ? mode
        : string.IsNullOrEmpty(Token) && !string.IsNullOrEmpty(Password) ? AuthModes.Password : AuthModes.Token;
}

public static class AuthModes
{
    public const string None = "none";
    public const string Token = "token";
    public const string Password = "password";
    public const string TrustedProxy = "trusted-proxy";
}

/// <summary><c>gateway.auth.rateLimit</c>: failed attempts per client IP and auth scope.</summary>
public sealed class AuthRateLimitOptions
{
    public int MaxAttempts { get; set; } = 10;

    public long WindowMs { get; set; } = 60_000;

    public long LockoutMs { get; set; } = 300_000;

    public bool ExemptLoopback { get; set; } = true;
}

public sealed class ControlUiSecurityOptions
{
    public List<string> AllowedOrigins { get; set; } = [];

    public bool AllowInsecureAuth { get; set; }

    public bool DangerouslyDisableDeviceAuth { get; set; }
}

public sealed class NodesSecurityOptions
{
    public NodePairingOptions Pairing { get; set; } = new();
}

public sealed class NodePairingOptions
{
    /// <summary>Direct loopback connects that present a device identity are approved silently.</summary>
    public bool AutoApproveLocal { get; set; } = true;
}
