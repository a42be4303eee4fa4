using System.Security.Cryptography;
using System.Text;

namespace OpenClaw.Gateway.Sandbox;

/// <summary>Scope keys, slugs and container names exactly as upstream (spec §6.3).</summary>
public static class SandboxNaming
{
    public const int MaxContainerNameLength = 63;

    /// <summary><c>shared</c> → "shared"; <c>session</c> → the session key; <c>agent</c> → <c>agent:&lt;agentId&gt;</c>.</summary>
    public static string ScopeKey(string scope, string agentId, string sessionKey) => scope switch
    {
        "shared" => "shared",
        "session" => sessionKey,
        _ => $"agent:{agentId}",
    };

    /// <summary>
    /// Lower-cased key, characters outside <c>[a-z0-9._-]</c> → <c>-</c>, trimmed of <c>-</c>, first 32 characters,
    /// then <c>-</c> and the first 8 hex digits of SHA-256(key). The shared scope is the literal <c>shared</c>.
    /// </summary>
    public static string Slug(string scopeKey)
    {
        if (scopeKey == "shared")
        {
            return "shared";
        }

        var lower = scopeKey.ToLowerInvariant();
        var builder = new StringBuilder(lower.Length);
        foreach (var c in lower)
        {
            builder.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '-' ? c : '-');
        }

        var cleaned = builder.ToString().Trim('-');
        if (cleaned.Length > 32)
        {
            cleaned = cleaned[..32];
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(scopeKey)))[..8];
        return $"{(cleaned.Length == 0 ? "session" : cleaned)}-{hash}";
    }

    public static string ContainerName(string containerPrefix, string scopeKey)
    {
        var name = containerPrefix + Slug(scopeKey);
        return name.Length > MaxContainerNameLength ? name[..MaxContainerNameLength] : name;
    }

    /// <summary>The recreate command named in the hot-container warning.</summary>
    public static string RecreateCommand(string scope, string scopeKey) => scope switch
    {
        "shared" => "openclaw sandbox recreate --all",
        "session" => $"openclaw sandbox recreate --session {scopeKey}",
        _ => $"openclaw sandbox recreate --agent {(scopeKey.StartsWith("agent:", StringComparison.Ordinal) ? scopeKey[6..] : scopeKey)}",
    };
}
