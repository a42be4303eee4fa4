using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OpenClaw.Contracts.Protocol;

namespace OpenClaw.Gateway.Security;

/// <summary>
/// Checks the shared gateway secret (token or password) of a connect or an HTTP bearer, in constant
/// time, and words failures the way upstream does (detail code, message, close reason).
/// </summary>
public sealed class SharedSecretAuthenticator(IOptionsMonitor<GatewaySecurityOptions> options)
{
    private const string TokenHint = "use this gateway's gateway.auth.token or pair the device";
    private const string UiTokenHint = "open a tokenized dashboard URL or paste token in Control UI settings";
    private const string PasswordHint = "use this gateway's gateway.auth.password";

    public string Mode => options.CurrentValue.Auth.EffectiveMode;

    /// <summary>Checks <paramref name="auth"/>; null means accepted.</summary>
    public AuthFailure? Check(ConnectAuth? auth, bool browserClient)
    {
        var config = options.CurrentValue.Auth;
        switch (config.EffectiveMode)
        {
            case AuthModes.None:
                return null;
            case AuthModes.Password:
                if (string.IsNullOrEmpty(config.Password))
                {
                    return AuthFailure.Credentials(AuthDetailCodes.PasswordMissing, "password_not_configured",
                        "unauthorized: gateway password not configured on gateway (set gateway.auth.password)",
                        RecommendedNextSteps.UpdateAuthConfiguration);
                }

                if (string.IsNullOrEmpty(auth?.Password))
                {
                    return AuthFailure.Credentials(AuthDetailCodes.PasswordMissing, "password_missing",
                        $"unauthorized: gateway password missing ({PasswordHint})", RecommendedNextSteps.UpdateAuthConfiguration);
                }

                return FixedTimeEquals(auth.Password, config.Password)
                    ? null
                    : AuthFailure.Credentials(AuthDetailCodes.PasswordMismatch, "password_mismatch",
                        $"unauthorized: gateway password mismatch ({PasswordHint})", RecommendedNextSteps.UpdateAuthCredentials);
            default:
                var token = GatewayTokenResolver.Resolve(config);
                if (string.IsNullOrEmpty(auth?.Token))
                {
                    return AuthFailure.Credentials(AuthDetailCodes.TokenMissing, "token_missing",
                        $"unauthorized: gateway token missing ({(browserClient ? UiTokenHint : TokenHint)})",
                        RecommendedNextSteps.UpdateAuthConfiguration);
                }

                return FixedTimeEquals(auth.Token, token)
                    ? null
                    : AuthFailure.Credentials(AuthDetailCodes.TokenMismatch, "token_mismatch",
                        $"unauthorized: gateway token mismatch ({TokenHint})", RecommendedNextSteps.UpdateAuthCredentials);
        }
    }

    /// <summary>True when <paramref name="presented"/> is the configured token or password (HTTP bearer use).</summary>
    public bool IsValidSecret(string? presented)
    {
        var config = options.CurrentValue.Auth;
        return config.EffectiveMode switch
        {
            AuthModes.None => true,
            AuthModes.Password => !string.IsNullOrEmpty(config.Password) && FixedTimeEquals(presented, config.Password),
            _ => FixedTimeEquals(presented, GatewayTokenResolver.Resolve(config)),
        };
    }

    /// <summary>Compares the SHA-256 of both sides so neither content nor length leaks through timing.</summary>
    public static bool FixedTimeEquals(string? presented, string? expected)
    {
        if (presented is null || string.IsNullOrEmpty(expected))
        {
            return false;
        }

        var a = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var b = SHA256.HashData(Encoding.UTF8.GetBytes(expected));
        return CryptographicOperations.FixedTimeEquals(a, b);
    }
}
