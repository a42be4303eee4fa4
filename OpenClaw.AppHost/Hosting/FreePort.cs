using System.Net;
using System.Net.Sockets;

namespace OpenClaw.AppHost.Hosting;

/// <summary>Asks the OS for a free loopback port (the listener is closed again at once).</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
