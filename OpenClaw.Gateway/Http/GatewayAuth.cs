using System.Security.Cryptography;
using System.Text;
using OpenClaw.Gateway.Config;

namespace OpenClaw.Gateway.Http;

/// <summary>The effective shared-secret auth (spec §1.3): mode, and checks in constant time.</summary>
public sealed class GatewayAuth
{
    private readonly IConfigStore _config;
    private readonly GatewayEnv _env;
    private readonly Lazy<string> _ephemeralToken = new(() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));

    public GatewayAuth(IConfigStore config, GatewayEnv env)
    {
        _config = config;
        _env = env;
    }

    /// <summary><c>none</c>, <c>token</c>, <c>password</c> or <c>trusted-proxy</c>; inferred from what is set when not explicit.</summary>
    public string Mode
    {
        get
        {
            var auth = _config.Current.Config.Gateway.Auth;
            if (auth.Mode is { } explicitMode)
            {
                return explicitMode;
            }

            return ConfiguredToken is not null ? "token" : ConfiguredPassword is not null ? "password" : "token";
        }
    }

    /// <summary>True when a token had to be minted in memory (token mode without a configured token).</summary>
    public bool UsesEphemeralToken => Mode == "token" && ConfiguredToken is null;

    /// <summary>The token clients must present (configured, OPENCLAW_GATEWAY_TOKEN, or the in-memory one). Never log it.</summary>
    public string? Token => Mode == "token" ? ConfiguredToken ?? _ephemeralToken.Value : null;

    private string? ConfiguredToken => _config.Current.Config.Gateway.Auth.Token?.Resolve(_env.Get) is { Length: > 0 } t ? t : _env.Get("OPENCLAW_GATEWAY_TOKEN") is { Length: > 0 } e ? e : null;

    private string? ConfiguredPassword => _config.Current.Config.Gateway.Auth.Password?.Resolve(_env.Get) is { Length: > 0 } p ? p : _env.Get("OPENCLAW_GATEWAY_PASSWORD") is { Length: > 0 } e ? e : null;

    /// <summary>Checks a presented shared secret (token or password per <see cref="Mode"/>) in constant time.</summary>
    public bool Verify(string? presented) => Mode switch
    {
        "none" => true,
        "token" => FixedTimeEquals(presented, Token),
        "password" => FixedTimeEquals(presented, ConfiguredPassword),
        _ => false,
    };

    public static bool FixedTimeEquals(string? presented, string? expected)
    {
        if (presented is null || expected is null)
        {
            return false;
        }

        // Hash both sides so the comparison takes the same time whatever the lengths are.
        var a = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var b = SHA256.HashData(Encoding.UTF8.GetBytes(expected));
        return CryptographicOperations.FixedTimeEquals(a, b);
    }
}
