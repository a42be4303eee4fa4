using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace OpenClaw.Gateway.Security;

/// <summary>
/// Ed25519 device identity (spec §1.5.5): device id = lowercase hex SHA-256 of the raw 32-byte public
/// key; public key as base64url (PEM accepted); signature over the v2 or v3 payload string.
/// </summary>
public static class DeviceIdentity
{
    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;

    public static string DeviceIdOf(ReadOnlySpan<byte> rawPublicKey) => Convert.ToHexStringLower(SHA256.HashData(rawPublicKey));

    /// <summary>Reads a base64url raw key or a PEM SubjectPublicKeyInfo; null when it is neither.</summary>
    public static byte[]? DecodePublicKey(string? encoded)
    {
        if (string.IsNullOrWhiteSpace(encoded) || encoded.Length > 4096)
        {
            return null;
        }

        try
        {
            if (encoded.Contains("BEGIN PUBLIC KEY", StringComparison.Ordinal))
            {
                var key = PublicKey.Import(Ed25519, Encoding.ASCII.GetBytes(encoded), KeyBlobFormat.PkixPublicKeyText);
                return key.Export(KeyBlobFormat.RawPublicKey);
            }

            var raw = Base64Url.Decode(encoded);
            return raw is { Length: 32 } ? raw : null;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            return null;
        }
    }

    public static bool Verify(ReadOnlySpan<byte> rawPublicKey, string payload, string? signatureBase64Url)
    {
        var signature = signatureBase64Url is null ? null : Base64Url.Decode(signatureBase64Url);
        if (signature is not { Length: 64 })
        {
            return false;
        }

        if (!PublicKey.TryImport(Ed25519, rawPublicKey, KeyBlobFormat.RawPublicKey, out var key) || key is null)
        {
            return false;
        }

        return Ed25519.Verify(key, Encoding.UTF8.GetBytes(payload), signature);
    }

    /// <summary><c>v2|deviceId|clientId|clientMode|role|scopes|signedAtMs|token|nonce</c>.</summary>
    public static string PayloadV2(DeviceAuthFields f) =>
        string.Join('|', "v2", f.DeviceId, f.ClientId, f.ClientMode, f.Role, string.Join(',', f.Scopes), f.SignedAtMs, f.Token ?? "", f.Nonce);

    /// <summary>v2 fields plus trimmed, ASCII-lowercased platform and device family.</summary>
    public static string PayloadV3(DeviceAuthFields f) =>
        string.Join('|', "v3", f.DeviceId, f.ClientId, f.ClientMode, f.Role, string.Join(',', f.Scopes), f.SignedAtMs, f.Token ?? "", f.Nonce,
            Normalize(f.Platform), Normalize(f.DeviceFamily));

    private static string Normalize(string? value) => (value ?? "").Trim().ToLowerInvariant();
}

/// <summary>The values a device signs.</summary>
public sealed record DeviceAuthFields(
    string DeviceId, string ClientId, string ClientMode, string Role, IReadOnlyList<string> Scopes, long SignedAtMs,
    string? Token, string Nonce, string? Platform, string? DeviceFamily);

/// <summary>base64url without padding, tolerant of padding and standard base64 on input.</summary>
public static class Base64Url
{
    public static byte[]? Decode(string value)
    {
        if (value.Length > 8192)
        {
            return null;
        }

        var s = value.Trim().Replace('-', '+').Replace('_', '/').TrimEnd('=');
        s = (s.Length % 4) switch { 2 => s + "==", 3 => s + "=", 1 => null, _ => s } ?? "";
        var buffer = new byte[s.Length * 3 / 4 + 3];
        return Convert.TryFromBase64String(s, buffer, out var written) && s.Length > 0 ? buffer[..written] : null;
    }

    public static string Encode(ReadOnlySpan<byte> data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
