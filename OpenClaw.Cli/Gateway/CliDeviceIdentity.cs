using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using NSec.Cryptography;

namespace OpenClaw.Cli.Gateway;

/// <summary>
/// The CLI's Ed25519 device identity, kept like upstream's in <c>&lt;state&gt;/identity/device.json</c>
/// (<c>{version:1, deviceId, publicKeyPem, privateKeyPem, createdAtMs}</c>, mode 0600). Created on
/// first use; device id = hex SHA-256 of the raw public key.
/// </summary>
internal sealed class CliDeviceIdentity : IDisposable
{
    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;
    private readonly Key _key;

    private CliDeviceIdentity(Key key)
    {
        _key = key;
        RawPublicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        DeviceId = Convert.ToHexStringLower(SHA256.HashData(RawPublicKey));
    }

    public string DeviceId { get; }

    public byte[] RawPublicKey { get; }

    public string PublicKeyBase64Url => ToBase64Url(RawPublicKey);

    public static CliDeviceIdentity LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            var file = JsonSerializer.Deserialize<IdentityFile>(File.ReadAllText(path), FileJson)
                ?? throw new CliException($"{path} is empty; delete it to create a new device identity");
            try
            {
                var key = Key.Import(Ed25519, Encoding.ASCII.GetBytes(file.PrivateKeyPem ?? ""), KeyBlobFormat.PkixPrivateKeyText,
                    new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
                return new CliDeviceIdentity(key);
            }
            catch (FormatException ex)
            {
                throw new CliException($"{path} holds no valid Ed25519 private key; delete it to create a new device identity", ex);
            }
        }

        var created = new CliDeviceIdentity(Key.Create(Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }));
        var record = new IdentityFile(1, created.DeviceId,
            Encoding.ASCII.GetString(created._key.PublicKey.Export(KeyBlobFormat.PkixPublicKeyText)),
            Encoding.ASCII.GetString(created._key.Export(KeyBlobFormat.PkixPrivateKeyText)),
            DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        CliFiles.WriteAtomic(path, JsonSerializer.Serialize(record, FileJson));
        return created;
    }

    public string Sign(string payload) => ToBase64Url(Ed25519.Sign(_key, Encoding.UTF8.GetBytes(payload)));

    public void Dispose() => _key.Dispose();

    public static string ToBase64Url(ReadOnlySpan<byte> data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private sealed record IdentityFile(int Version, string? DeviceId, string? PublicKeyPem, string? PrivateKeyPem, long CreatedAtMs);
}

/// <summary>Device tokens the gateway issued to this CLI, per gateway URL and role (<c>identity/device-auth.json</c>).</summary>
internal static class CliDeviceTokens
{
    public static string? Get(string gatewayUrl, string deviceId, string role) =>
        Load().TryGetValue(Key(gatewayUrl, deviceId, role), out var entry) ? entry.Token : null;

    public static void Save(string gatewayUrl, string deviceId, string role, string token, IReadOnlyList<string> scopes)
    {
        var all = Load();
        all[Key(gatewayUrl, deviceId, role)] = new StoredToken(token, role, [.. scopes], DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        CliFiles.WriteAtomic(CliPaths.DeviceAuthPath, JsonSerializer.Serialize(new TokenFile(1, all), CliDeviceIdentity.FileJson));
    }

    private static string Key(string url, string deviceId, string role) => $"{url.TrimEnd('/')}|{deviceId}|{role}";

    private static Dictionary<string, StoredToken> Load()
    {
        try
        {
            return File.Exists(CliPaths.DeviceAuthPath)
                ? JsonSerializer.Deserialize<TokenFile>(File.ReadAllText(CliPaths.DeviceAuthPath), CliDeviceIdentity.FileJson)?.Tokens ?? []
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private sealed record TokenFile(int Version, Dictionary<string, StoredToken> Tokens);

    private sealed record StoredToken(string Token, string Role, List<string> Scopes, long UpdatedAtMs);
}

internal static class CliFiles
{
    /// <summary>Temp file + rename, mode 0600: a crash never leaves half a key file.</summary>
    public static void WriteAtomic(string path, string content)
    {
        var dir = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(temp, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, path, overwrite: true);
    }
}
