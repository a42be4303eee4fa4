using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenClaw.GatewayClient;

/// <summary>
/// Upstream's file layout: <c>&lt;state&gt;/identity/device.json</c> =
/// <c>{version:1, deviceId, publicKeyPem, privateKeyPem, createdAtMs}</c> and <c>identity/device-auth.json</c>
/// for issued device tokens; both written atomically with mode 0600.
/// </summary>
public sealed class FileDeviceIdentityStore(string identityPath, string deviceAuthPath) : IDeviceIdentityStore
{
    private static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The store under a state directory (<c>~/.openclaw</c> by default).</summary>
    public static FileDeviceIdentityStore InStateDir(string stateDir) =>
        new(Path.Combine(stateDir, "identity", "device.json"), Path.Combine(stateDir, "identity", "device-auth.json"));

    public ValueTask<DeviceKey> LoadOrCreateAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(identityPath))
        {
            var file = JsonSerializer.Deserialize<IdentityFile>(File.ReadAllText(identityPath), FileJson)
                ?? throw new GatewayException($"{identityPath} is empty; delete it to create a new device identity");
            return ValueTask.FromResult(DeviceKey.FromPrivateKeyPem(file.PrivateKeyPem ?? "", identityPath));
        }

        var created = DeviceKey.Create();
        var record = new IdentityFile(1, created.DeviceId, created.PublicKeyPem, created.PrivateKeyPem, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        WriteAtomic(identityPath, JsonSerializer.Serialize(record, FileJson));
        return ValueTask.FromResult(created);
    }

    public ValueTask<string?> GetDeviceTokenAsync(string gatewayUrl, string deviceId, string role, CancellationToken cancellationToken) =>
        ValueTask.FromResult(LoadTokens().TryGetValue(TokenKey(gatewayUrl, deviceId, role), out var entry) ? entry.Token : null);

    public ValueTask SaveDeviceTokenAsync(string gatewayUrl, string deviceId, string role, string token, IReadOnlyList<string> scopes,
        CancellationToken cancellationToken)
    {
        var all = LoadTokens();
        all[TokenKey(gatewayUrl, deviceId, role)] = new StoredToken(token, role, [.. scopes], DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        WriteAtomic(deviceAuthPath, JsonSerializer.Serialize(new TokenFile(1, all), FileJson));
        return ValueTask.CompletedTask;
    }

    public ValueTask ClearDeviceTokenAsync(string gatewayUrl, string deviceId, string role, CancellationToken cancellationToken)
    {
        var all = LoadTokens();
        if (all.Remove(TokenKey(gatewayUrl, deviceId, role)))
        {
            WriteAtomic(deviceAuthPath, JsonSerializer.Serialize(new TokenFile(1, all), FileJson));
        }

        return ValueTask.CompletedTask;
    }

    private static string TokenKey(string url, string deviceId, string role) => $"{url.TrimEnd('/')}|{deviceId}|{role}";

    private Dictionary<string, StoredToken> LoadTokens()
    {
        try
        {
            return File.Exists(deviceAuthPath)
                ? JsonSerializer.Deserialize<TokenFile>(File.ReadAllText(deviceAuthPath), FileJson)?.Tokens ?? []
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>Temp file + rename, mode 0600: a crash never leaves half a key file.</summary>
    private static void WriteAtomic(string path, string content)
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

    private sealed record IdentityFile(int Version, string? DeviceId, string? PublicKeyPem, string? PrivateKeyPem, long CreatedAtMs);

    private sealed record TokenFile(int Version, Dictionary<string, StoredToken> Tokens);

    private sealed record StoredToken(string Token, string Role, List<string> Scopes, long UpdatedAtMs);
}
