namespace OpenClaw.GatewayClient;

/// <summary>
/// Where a client keeps its device key and the device tokens the gateway issued to it (per gateway URL,
/// device and role). The CLI uses <see cref="FileDeviceIdentityStore"/>; the Control UI keeps them in the
/// browser's localStorage.
/// </summary>
public interface IDeviceIdentityStore
{
    /// <summary>The device key, created and saved on first use. The caller disposes it.</summary>
    ValueTask<DeviceKey> LoadOrCreateAsync(CancellationToken cancellationToken);

    ValueTask<string?> GetDeviceTokenAsync(string gatewayUrl, string deviceId, string role, CancellationToken cancellationToken);

    ValueTask SaveDeviceTokenAsync(string gatewayUrl, string deviceId, string role, string token, IReadOnlyList<string> scopes,
        CancellationToken cancellationToken);

    /// <summary>Forgets a token the gateway refused, so the next connect falls back to the shared secret.</summary>
    ValueTask ClearDeviceTokenAsync(string gatewayUrl, string deviceId, string role, CancellationToken cancellationToken);
}
