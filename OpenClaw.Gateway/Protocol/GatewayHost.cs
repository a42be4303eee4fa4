using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace OpenClaw.Gateway.Protocol;

/// <summary>
/// What the gateway's own presence entry says about the machine, as upstream reports it: host name, primary
/// LAN IPv4 (the host name when there is none), <c>linux &lt;kernel release&gt;</c>, device family and CPU
/// architecture as the model identifier. Read once; none of it changes while the process runs.
/// </summary>
public sealed record GatewayHost(string Host, string Ip, string Platform, string DeviceFamily, string ModelIdentifier)
{
    public static GatewayHost Detect()
    {
        var host = Dns.GetHostName();
        return new GatewayHost(
            host,
            PrimaryLanIPv4()?.ToString() ?? host,
            OperatingSystem.IsLinux() ? $"linux {KernelRelease()}"
            : OperatingSystem.IsMacOS() ? $"macos {Environment.OSVersion.Version}"
            : OperatingSystem.IsWindows() ? $"windows {Environment.OSVersion.Version}"
            : RuntimeInformation.OSDescription,
            OperatingSystem.IsLinux() ? "Linux" : OperatingSystem.IsMacOS() ? "Mac" : OperatingSystem.IsWindows() ? "Windows" : RuntimeInformation.OSDescription,
            RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant());
    }

    /// <summary>The first non-internal IPv4 address, preferring the usual primary interfaces (eth0, en0).</summary>
    public static IPAddress? PrimaryLanIPv4()
    {
        try
        {
            var candidates = NetworkInterface.GetAllNetworkInterfaces()
                .Where(n => n.NetworkInterfaceType != NetworkInterfaceType.Loopback && n.OperationalStatus != OperationalStatus.Down)
                .OrderBy(n => n.Name is "eth0" or "en0" ? 0 : 1)
                .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                .Select(a => a.Address)
                .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
            return candidates.FirstOrDefault();
        }
        catch (NetworkInformationException)
        {
            return null;
        }
    }

    private static string KernelRelease()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        }
        catch (IOException)
        {
            return Environment.OSVersion.Version.ToString();
        }
        catch (UnauthorizedAccessException)
        {
            return Environment.OSVersion.Version.ToString();
        }
    }
}
