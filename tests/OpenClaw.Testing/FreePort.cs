using System.Net;
using System.Net.Sockets;

namespace OpenClaw.Testing;

/// <summary>Picks a free TCP port on loopback.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
