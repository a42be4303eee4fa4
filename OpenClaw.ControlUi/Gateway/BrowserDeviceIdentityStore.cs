using System.Text.Json;
using OpenClaw.GatewayClient;

namespace OpenClaw.ControlUi.Gateway;

/// <summary>
/// The browser's device identity, kept in its localStorage like upstream's UI keeps it in browser storage:
/// <c>openclaw.device.identity</c> = <c>{version:1, deviceId, publicKeyPem, privateKeyPem, createdAtMs}</c> and
/// <c>openclaw.device.auth</c> for issued device tokens. Each browser profile is therefore its own device.
/// Loaded once per circuit (<see cref="LoadAsync"/>); the connect loop runs off the renderer thread, so writes
/// go back to the browser through <see cref="Dispatch"/>.
/// </summary>
public sealed class BrowserDeviceIdentityStore(BrowserStorage storage) : IDeviceIdentityStore
{
    public const string IdentityKey = "openclaw.device.identity";
    public const string AuthKey = "openclaw.device.auth";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Lock _gate = new();
    private IdentityRecord? _identity;
    private Dictionary<string, StoredToken> _tokens = [];

    /// <summary>Runs a browser write on the circuit's renderer (set by the layout to its InvokeAsync).</summary>
    public Func<Func<Task>, Task> Dispatch { get; set; } = work => work();

    public string? DeviceId => _identity?.DeviceId;

    public async Task LoadAsync()
    {
        var identityJson = await storage.GetLocalAsync(IdentityKey);
        var authJson = await storage.GetLocalAsync(AuthKey);
        lock (_gate)
        {
            _identity = TryRead<IdentityRecord>(identityJson);
            _tokens = TryRead<TokenFile>(authJson)?.Tokens ?? [];
        }

        if (_identity is null)
        {
            using var key = DeviceKey.Create();
            _identity = new IdentityRecord(1, key.DeviceId, key.PublicKeyPem, key.PrivateKeyPem, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            await storage.SetLocalAsync(IdentityKey, JsonSerializer.Serialize(_identity, Json));
        }
    }

    /// <summary>Forgets this browser's identity and tokens: the next connect is a new device that must be paired.</summary>
    public async Task ResetAsync()
    {
        await storage.RemoveLocalAsync(IdentityKey);
        await storage.RemoveLocalAsync(AuthKey);
        lock (_gate)
        {
            _identity = null;
            _tokens = [];
        }

        await LoadAsync();
    }

    public ValueTask<DeviceKey> LoadOrCreateAsync(CancellationToken cancellationToken)
    {
        var identity = _identity ?? throw new GatewayException("the browser's device identity is not loaded yet");
        return ValueTask.FromResult(DeviceKey.FromPrivateKeyPem(identity.PrivateKeyPem, $"localStorage {IdentityKey}"));
    }

    public ValueTask<string?> GetDeviceTokenAsync(string gatewayUrl, string deviceId, string role, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_tokens.TryGetValue(TokenKey(gatewayUrl, deviceId, role), out var entry) ? entry.Token : null);
        }
    }

    public async ValueTask SaveDeviceTokenAsync(string gatewayUrl, string deviceId, string role, string token, IReadOnlyList<string> scopes,
        CancellationToken cancellationToken)
    {
        string json;
        lock (_gate)
        {
            _tokens[TokenKey(gatewayUrl, deviceId, role)] = new StoredToken(token, role, [.. scopes], DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            json = JsonSerializer.Serialize(new TokenFile(1, _tokens), Json);
        }

        await Dispatch(async () => await storage.SetLocalAsync(AuthKey, json));
    }

    public async ValueTask ClearDeviceTokenAsync(string gatewayUrl, string deviceId, string role, CancellationToken cancellationToken)
    {
        string json;
        lock (_gate)
        {
            if (!_tokens.Remove(TokenKey(gatewayUrl, deviceId, role)))
            {
                return;
            }

            json = JsonSerializer.Serialize(new TokenFile(1, _tokens), Json);
        }

        await Dispatch(async () => await storage.SetLocalAsync(AuthKey, json));
    }

    private static string TokenKey(string url, string deviceId, string role) => $"{url.TrimEnd('/')}|{deviceId}|{role}";

    private static T? TryRead<T>(string? json)
        where T : class
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(json, Json);
        }
        catch (JsonException)
        {
            return null; // a damaged entry is replaced, like a missing one
        }
    }

    private sealed record IdentityRecord(int Version, string DeviceId, string PublicKeyPem, string PrivateKeyPem, long CreatedAtMs);

    private sealed record TokenFile(int Version, Dictionary<string, StoredToken> Tokens);

    private sealed record StoredToken(string Token, string Role, List<string> Scopes, long UpdatedAtMs);
}
