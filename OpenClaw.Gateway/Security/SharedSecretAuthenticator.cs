using OpenClaw.Contracts.Protocol;
using OpenClaw.Gateway.Http;

namespace OpenClaw.Gateway.Security;

/// <summary>
/// Checks the shared gateway secret of a <c>connect</c> through <see cref="GatewayAuth"/> (constant time,
/// the same check HTTP uses) and words failures the way upstream does (detail code, message, close reason).
/// </summary>
public sealed class SharedSecretAuthenticator(GatewayAuth auth)
{
    private const string TokenHint = "use this gateway's gateway.auth.token or pair the device";
    private const string UiTokenHint = "open a tokenized dashboard URL or paste token in Control UI settings";
    private const string PasswordHint = "use this gateway's gateway.auth.password";

    public string Mode => auth.Mode;

    /// <summary>Checks the presented credentials; null means accepted.</summary>
    public AuthFailure? Check(ConnectAuth? presented, bool browserClient)
    {
        switch (auth.Mode)
        {
            case AuthModes.None:
                return null;
            case AuthModes.Password:
                if (string.IsNullOrEmpty(presented?.Password))
                {
                    return AuthFailure.Credentials(AuthDetailCodes.PasswordMissing, "password_missing",
                        $"unauthorized: gateway password missing ({PasswordHint})", RecommendedNextSteps.UpdateAuthConfiguration);
                }

                return auth.Verify(presented.Password)
                    ? null
                    : AuthFailure.Credentials(AuthDetailCodes.PasswordMismatch, "password_mismatch",
                        $"unauthorized: gateway password mismatch ({PasswordHint})", RecommendedNextSteps.UpdateAuthCredentials);
            case AuthModes.Token:
                if (string.IsNullOrEmpty(presented?.Token))
                {
                    return AuthFailure.Credentials(AuthDetailCodes.TokenMissing, "token_missing",
                        $"unauthorized: gateway token missing ({(browserClient ? UiTokenHint : TokenHint)})",
                        RecommendedNextSteps.UpdateAuthConfiguration);
                }

                return auth.Verify(presented.Token)
                    ? null
                    : AuthFailure.Credentials(AuthDetailCodes.TokenMismatch, "token_mismatch",
                        $"unauthorized: gateway token mismatch ({TokenHint})", RecommendedNextSteps.UpdateAuthCredentials);
            default:
                // trusted-proxy needs a proxy identity header path this gateway does not offer over WebSocket yet.
                return AuthFailure.Credentials(AuthDetailCodes.TokenMismatch, "unsupported_mode",
                    $"unauthorized: gateway.auth.mode '{auth.Mode}' is not supported for WebSocket clients (use token or password)",
                    RecommendedNextSteps.ReviewAuthConfiguration);
        }
    }

    public static bool FixedTimeEquals(string? presented, string? expected) => GatewayAuth.FixedTimeEquals(presented, expected);
}

public static class AuthModes
{
    public const string None = "none";
    public const string Token = "token";
    public const string Password = "password";
}
