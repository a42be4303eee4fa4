using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

/// <summary>The real gateway (Release build if present) in a throw-away HOME with token auth and no Redis.</summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _home;

    private GatewayProcess(Process process, string home, int port)
    {
        _process = process;
        _home = home;
        Port = port;
    }

    public int Port { get; }

    public int Pid => _process.Id;

    public static async Task<GatewayProcess> StartAsync(string gatewayDll, string token, IReadOnlyDictionary<string, string> extraEnv)
    {
        var home = Directory.CreateTempSubdirectory("openclaw-bench-").FullName;
        Directory.CreateDirectory(Path.Combine(home, ".openclaw"));
        File.WriteAllText(Path.Combine(home, ".openclaw", "openclaw.json"), """{ gateway: { mode: "local", auth: { mode: "token" } } }""");
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { gatewayDll, "--port", port.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["HOME"] = home;
        info.Environment["OPENCLAW_STATE_DIR"] = Path.Combine(home, ".openclaw");
        info.Environment["OPENCLAW_GATEWAY_TOKEN"] = token;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in extraEnv)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var gateway = new GatewayProcess(process, home, port);
        await gateway.WaitForHealthAsync();
        return gateway;
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_home, recursive: true);
    }

    private async Task WaitForHealthAsync()
    {
        using var http = new HttpClient();
        for (var i = 0; i < 240; i++)
        {
            try
            {
                if ((await http.GetAsync(new Uri($"http://127.0.0.1:{Port}/healthz"))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not up yet
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("gateway did not start");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
