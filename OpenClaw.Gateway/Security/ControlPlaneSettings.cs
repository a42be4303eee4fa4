using System.Text.Json;
using OpenClaw.Gateway.Config;

namespace OpenClaw.Gateway.Security;

/// <summary>
/// The <c>gateway.controlUi</c>, <c>gateway.trustedProxies</c> and <c>gateway.nodes.pairing</c> keys the handshake needs, read from the
/// live config (so a hot reload applies to the next connect): allowed browser origins, the insecure /
/// device-less switches, and loopback auto-approval of device pairing (default on, as upstream).
/// </summary>
public sealed class ControlPlaneSettings(IConfigStore config)
{
    public int ConfiguredPort => config.Current.Config.Gateway.Port ?? GatewayConfig.DefaultPort;

    public IReadOnlyList<string> AllowedOrigins =>
        Property(config.Current.Config.Gateway.ControlUi, "allowedOrigins") is { ValueKind: JsonValueKind.Array } list
            ? [.. list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)]
            : [];

    public bool AllowInsecureAuth => Flag(config.Current.Config.Gateway.ControlUi, "allowInsecureAuth") ?? false;

    public bool DangerouslyDisableDeviceAuth => Flag(config.Current.Config.Gateway.ControlUi, "dangerouslyDisableDeviceAuth") ?? false;

    /// <summary><c>gateway.trustedProxies</c>: proxies whose <c>X-Forwarded-For</c> names the real client (IPs or CIDRs).</summary>
    public IReadOnlyList<string> TrustedProxies => config.Current.Config.Gateway.TrustedProxies ?? [];

    public bool AllowRealIpFallback => config.Current.Config.Gateway.AllowRealIpFallback ?? false;

    public bool AutoApproveLocal =>
        Flag(Property(config.Current.Config.Gateway.Nodes, "pairing"), "autoApproveLocal") ?? true;

    private static JsonElement? Property(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) ? value : null;

    private static bool? Flag(JsonElement? element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.True or JsonValueKind.False } value ? value.GetBoolean() : null;
}
