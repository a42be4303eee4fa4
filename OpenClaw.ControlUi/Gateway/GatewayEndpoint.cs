namespace OpenClaw.ControlUi.Gateway;

/// <summary>
/// The gateway's WebSocket URL, from service discovery (<c>services:gateway:http:0</c>, set by the AppHost as
/// <c>services__gateway__http__0</c>) or <c>Gateway:Url</c>; http(s) is turned into ws(s).
/// Defaults to the gateway's default loopback port.
/// </summary>
public sealed record GatewayEndpoint(Uri WebSocketUrl, string Source)
{
    public const string DefaultUrl = "ws://127.0.0.1:18789";

    public static GatewayEndpoint FromConfiguration(IConfiguration configuration)
    {
        var (raw, source) = configuration["services:gateway:http:0"] is { Length: > 0 } discovered
            ? (discovered, "services:gateway:http:0")
            : configuration["Gateway:Url"] is { Length: > 0 } configured ? (configured, "Gateway:Url") : (DefaultUrl, "default");
        if (!Uri.TryCreate(raw, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "ws" or "wss"))
        {
            throw new InvalidOperationException($"{source}: '{raw}' is not a gateway URL; use e.g. http://127.0.0.1:18789 or ws://127.0.0.1:18789");
        }

        var builder = new UriBuilder(uri) { Scheme = uri.Scheme is "https" or "wss" ? "wss" : "ws" };
        if (uri.IsDefaultPort)
        {
            builder.Port = -1;
        }

        return new GatewayEndpoint(builder.Uri, source);
    }

    /// <summary>Host and port as the UI prints it ("The Gateway at 127.0.0.1:18789 ...").</summary>
    public string Display => WebSocketUrl.IsDefaultPort ? WebSocketUrl.Host : $"{WebSocketUrl.Host}:{WebSocketUrl.Port}";
}
