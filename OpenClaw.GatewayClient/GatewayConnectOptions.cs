namespace OpenClaw.GatewayClient;

/// <summary>Where and how to connect. Credentials follow upstream's precedence: shared token/password, then the stored device token.</summary>
public sealed record GatewayConnectOptions(Uri Url, ClientHello Hello)
{
    public string? Token { get; init; }

    public string? Password { get; init; }

    /// <summary>The device key and issued device tokens; null connects without a device identity.</summary>
    public IDeviceIdentityStore? Identity { get; init; }

    /// <summary>
    /// Whether a shared secret is sent together with the device identity. Browsers do (they must be paired
    /// anyway); upstream's CLI does not: a shared secret alone is full operator access.
    /// </summary>
    public bool DeviceWithSharedSecret { get; init; } = true;

    /// <summary>Extra upgrade headers, e.g. <c>X-Forwarded-For</c> from a proxy that connects on a browser's behalf.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
