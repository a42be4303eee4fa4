using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace OpenClaw.GatewayClient;

/// <summary>
/// An Ed25519 device key (spec §1.5.5): device id = lowercase hex SHA-256 of the raw 32-byte public key,
/// public key and signatures as base64url without padding. Persisted as PKCS#8 / SPKI PEM like upstream.
/// </summary>
public sealed class DeviceKey : IDisposable
{
    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;
    private readonly Key _key;

    private DeviceKey(Key key)
    {
        _key = key;
        RawPublicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        DeviceId = Convert.ToHexStringLower(SHA256.HashData(RawPublicKey));
    }

    public string DeviceId { get; }

    public byte[] RawPublicKey { get; }

    public string PublicKeyBase64Url => Base64Url(RawPublicKey);

    public string PublicKeyPem => Encoding.ASCII.GetString(_key.PublicKey.Export(KeyBlobFormat.PkixPublicKeyText));

    public string PrivateKeyPem => Encoding.ASCII.GetString(_key.Export(KeyBlobFormat.PkixPrivateKeyText));

    public static DeviceKey Create() =>
        new(Key.Create(Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }));

    /// <summary>Reads a PKCS#8 PEM private key; a clear <see cref="GatewayException"/> when it is not one.</summary>
    public static DeviceKey FromPrivateKeyPem(string pem, string source)
    {
        try
        {
            return new DeviceKey(Key.Import(Ed25519, Encoding.ASCII.GetBytes(pem), KeyBlobFormat.PkixPrivateKeyText,
                new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }));
        }
        catch (FormatException ex)
        {
            throw new GatewayException($"{source} holds no valid Ed25519 private key; delete it to create a new device identity", ex);
        }
    }

    public string Sign(string payload) => Base64Url(Ed25519.Sign(_key, Encoding.UTF8.GetBytes(payload)));

    public void Dispose() => _key.Dispose();

    public static string Base64Url(ReadOnlySpan<byte> data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
