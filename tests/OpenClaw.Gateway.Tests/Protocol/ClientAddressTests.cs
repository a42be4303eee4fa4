using System.Net;
using Microsoft.AspNetCore.Http;
using OpenClaw.Gateway.Security;

namespace OpenClaw.Gateway.Tests.Protocol;

/// <summary>The address a client is listed and rate-limited under (<c>gateway.trustedProxies</c>).</summary>
public sealed class ClientAddressTests
{
    private static readonly IPAddress Proxy = IPAddress.Parse("10.0.0.2");

    [Fact]
    public void Without_trusted_proxies_the_socket_peer_counts_and_forwarding_headers_are_ignored()
    {
        var headers = Headers(("X-Forwarded-For", "203.0.113.9"));

        Assert.Equal(Proxy, ClientAddress.Resolve(Proxy, headers, [], allowRealIpFallback: true));
        Assert.Equal(Proxy, ClientAddress.Resolve(Proxy, headers, ["10.0.0.3"], allowRealIpFallback: true));
    }

    [Fact]
    public void Behind_a_trusted_proxy_the_nearest_untrusted_hop_counts()
    {
        var headers = Headers(("X-Forwarded-For", "198.51.100.1, 203.0.113.9, 10.0.0.5"));

        Assert.Equal(IPAddress.Parse("203.0.113.9"), ClientAddress.Resolve(Proxy, headers, ["10.0.0.0/24"], allowRealIpFallback: false));
    }

    [Fact]
    public void X_real_ip_counts_only_when_the_fallback_is_on()
    {
        var headers = Headers(("X-Real-IP", "203.0.113.9"));

        Assert.Equal(IPAddress.Parse("203.0.113.9"), ClientAddress.Resolve(Proxy, headers, ["10.0.0.2"], allowRealIpFallback: true));
        Assert.Equal(Proxy, ClientAddress.Resolve(Proxy, headers, ["10.0.0.2"], allowRealIpFallback: false));
    }

    [Fact]
    public void Ipv4_mapped_addresses_are_shown_as_ipv4()
    {
        Assert.Equal("127.0.0.1", ClientAddress.Resolve(IPAddress.Parse("::ffff:127.0.0.1"), Headers(), [], false)!.ToString());
    }

    private static HeaderDictionary Headers(params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            dictionary[name] = value;
        }

        return dictionary;
    }
}
