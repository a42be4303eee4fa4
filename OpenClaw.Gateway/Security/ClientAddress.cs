using System.Net;
using Microsoft.Extensions.Primitives;

namespace OpenClaw.Gateway.Security;

/// <summary>
/// The real address of a client (upstream's <c>gateway.trustedProxies</c> / <c>allowRealIpFallback</c>): the
/// socket's peer, unless that peer is a trusted proxy — then the nearest untrusted hop of
/// <c>X-Forwarded-For</c> (or <c>X-Real-IP</c> when the fallback is on). Headers from untrusted peers are
/// ignored, so a client cannot choose the address it is rate-limited and listed under.
/// </summary>
public static class ClientAddress
{
    public static IPAddress? Resolve(IPAddress? peer, IHeaderDictionary headers, IReadOnlyList<string> trustedProxies, bool allowRealIpFallback)
    {
        peer = Normalize(peer);
        if (peer is null || trustedProxies.Count == 0 || !IsTrusted(peer, trustedProxies))
        {
            return peer;
        }

        var hops = Split(headers["X-Forwarded-For"]);
        for (var i = hops.Count - 1; i >= 0; i--)
        {
            if (!IPAddress.TryParse(hops[i], out var hop))
            {
                return peer;
            }

            hop = Normalize(hop)!;
            if (!IsTrusted(hop, trustedProxies))
            {
                return hop;
            }
        }

        if (hops.Count == 0 && allowRealIpFallback && IPAddress.TryParse(headers["X-Real-IP"].ToString().Trim(), out var real))
        {
            return Normalize(real);
        }

        return hops.Count > 0 && IPAddress.TryParse(hops[0], out var first) ? Normalize(first) : peer;
    }

    /// <summary>IPv4-mapped IPv6 (<c>::ffff:10.0.0.2</c>) as plain IPv4, as clients and logs expect.</summary>
    public static IPAddress? Normalize(IPAddress? address) =>
        address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;

    private static List<string> Split(StringValues values) =>
        [.. values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    private static bool IsTrusted(IPAddress address, IReadOnlyList<string> trustedProxies)
    {
        foreach (var entry in trustedProxies)
        {
            if (IPNetwork.TryParse(entry, out var network) ? network.Contains(address)
                : IPAddress.TryParse(entry, out var single) && Normalize(single)!.Equals(address))
            {
                return true;
            }
        }

        return false;
    }
}
