using System.Text.Json;

namespace OpenClaw.Gateway.Config;

/// <summary><c>gateway.*</c>: server mode, port, bind, auth, HTTP endpoints, reload (spec §1).</summary>
public sealed class GatewayConfig
{
    public const int DefaultPort = 18789;

    [ConfigValues("local", "remote")]
    public string? Mode { get; init; }

    public int? Port { get; init; }

    [ConfigValues("loopback", "lan", "tailnet", "auto", "custom")]
    public string? Bind { get; init; }

    public string? CustomBindHost { get; init; }

    public GatewayAuthConfig Auth { get; init; } = new();

    public GatewayHttpConfig Http { get; init; } = new();

    public GatewayReloadConfig Reload { get; init; } = new();

    public List<string>? TrustedProxies { get; init; }

    public bool? AllowRealIpFallback { get; init; }

    public JsonElement? ControlUi { get; init; }

    public JsonElement? Tailscale { get; init; }

    public JsonElement? Tls { get; init; }

    public JsonElement? Remote { get; init; }

    public JsonElement? Tools { get; init; }

    public JsonElement? Nodes { get; init; }

    public JsonElement? Push { get; init; }

    public int? ChannelHealthCheckMinutes { get; init; }

    public int? ChannelStaleEventThresholdMinutes { get; init; }

    public int? ChannelMaxRestartsPerHour { get; init; }
}

public sealed class GatewayAuthConfig
{
    [ConfigValues("none", "token", "password", "trusted-proxy")]
    public string? Mode { get; init; }

    public SecretInput? Token { get; init; }

    public SecretInput? Password { get; init; }

    public bool? AllowTailscale { get; init; }

    public JsonElement? TrustedProxy { get; init; }

    public AuthRateLimitConfig RateLimit { get; init; } = new();
}

/// <summary>Failed-auth limiter: <c>{maxAttempts:10, windowMs:60000, lockoutMs:300000, exemptLoopback:true}</c>.</summary>
public sealed class AuthRateLimitConfig
{
    public int MaxAttempts { get; init; } = 10;

    public int WindowMs { get; init; } = 60_000;

    public int LockoutMs { get; init; } = 300_000;

    public bool ExemptLoopback { get; init; } = true;
}

public sealed class GatewayHttpConfig
{
    public GatewayHttpEndpointsConfig Endpoints { get; init; } = new();
}

public sealed class GatewayHttpEndpointsConfig
{
    public EndpointToggle ChatCompletions { get; init; } = new();

    public EndpointToggle Responses { get; init; } = new();
}

public sealed class EndpointToggle
{
    public bool Enabled { get; init; }
}

public sealed class GatewayReloadConfig
{
    [ConfigValues("off", "hot", "restart", "hybrid")]
    public string Mode { get; init; } = "hybrid";

    public int DebounceMs { get; init; } = 300;

    public int DeferralTimeoutMs { get; init; } = 300_000;
}
