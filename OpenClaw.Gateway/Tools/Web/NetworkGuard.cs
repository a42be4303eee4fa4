using System.Net;
using System.Net.Sockets;

namespace OpenClaw.Gateway.Tools.Web;

/// <summary>
/// SSRF guard of web_fetch: refuses loopback, private, link-local, carrier-grade NAT, multicast and cloud metadata
/// addresses (checked on the resolved IP the connection actually uses, so DNS tricks do not get around it) unless
/// <c>tools.web.fetch.ssrfPolicy</c> allows them.
/// </summary>
public static class NetworkGuard
{
    private static readonly string[] BlockedHostnames = ["localhost", "metadata.google.internal", "metadata", "instance-data"];

    public static bool IsBlockedHostname(string host)
    {
        var name = host.TrimEnd('.').ToLowerInvariant();
        return BlockedHostnames.Contains(name) || name.EndsWith(".localhost", StringComparison.Ordinal) || name.EndsWith(".internal", StringComparison.Ordinal);
    }

    /// <summary>Why an address may not be fetched, or null when it is a public address.</summary>
    public static string? BlockReason(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return "loopback";
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return (b[0], b[1]) switch
            {
                (0, _) => "unspecified",
                (10, _) => "private",
                (172, >= 16 and <= 31) => "private",
                (192, 168) => "private",
                (169, 254) => b[2] == 169 && b[3] == 254 ? "cloud metadata" : "link-local",
                (100, >= 64 and <= 127) => "carrier-grade NAT",
                (192, 0) when b[2] == 0 => "reserved",
                (198, 18 or 19) => "benchmarking",
                (>= 224, _) => "multicast or reserved",
                _ => null,
            };
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6None))
            {
                return "unspecified";
            }

            var b = address.GetAddressBytes();
            if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal)
            {
                return "link-local";
            }

            if ((b[0] & 0xFE) == 0xFC)
            {
                return b[0] == 0xFD && b[1] == 0x00 && b[2] == 0x0E && b[3] == 0xC2 ? "cloud metadata" : "private";
            }

            if (address.IsIPv6Multicast)
            {
                return "multicast";
            }

            return null;
        }

        return "unsupported address family";
    }
}
