using System.Security.Cryptography;

namespace OpenClaw.Gateway.Security;

/// <summary>
/// The token in force in token mode. When none is configured the gateway mints an ephemeral
/// in-memory token (never written anywhere), as upstream does, so token mode never means "open".
/// </summary>
public static class GatewayTokenResolver
{
    private static readonly Lazy<string> Ephemeral = new(() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));

    public static string Resolve(GatewayAuthOptions auth) => string.IsNullOrEmpty(auth.Token) ? Ephemeral.Value : auth.Token;

    public static bool IsEphemeral(GatewayAuthOptions auth) => string.IsNullOrEmpty(auth.Token);
}
