namespace OpenClaw.Gateway.Config;

/// <summary>
/// Environment variable lookup for the gateway (host configuration first, then the process environment), so
/// tests can run several gateways in one process with their own HOME / OPENCLAW_STATE_DIR / API keys.
/// </summary>
public sealed class GatewayEnv(Func<string, string?> get)
{
    public string? Get(string name) => get(name);
}
