using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OpenClaw.Bench.SideBySide;

/// <summary>Which gateway to start: upstream's (Node, from the npm cache) or ours (the Release build).</summary>
internal sealed record GatewaySystem(string Name, string Version, Func<string, int, ProcessStartInfo> StartInfo)
{
    public const string Token = "bench-token-1234";

    /// <summary>The config both gateways get: the same fake model, the OpenAI-compatible endpoint on, 64 parallel runs.</summary>
    public static string Config(string modelBaseUrl) => $$"""
        {
          gateway: { mode: "local", auth: { mode: "token" }, http: { endpoints: { chatCompletions: { enabled: true } } } },
          models: { providers: { fake: { baseUrl: "{{modelBaseUrl}}", apiKey: "test-key", api: "openai-completions", models: [ { id: "echo", name: "Echo" } ] } } },
          agents: { defaults: { model: { primary: "fake/echo" }, maxConcurrent: 64, skipBootstrap: true } },
        }
        """;

    public static GatewaySystem Upstream(string cacheDir, string version) => new("upstream", version, (home, port) =>
    {
        var info = Base(Path.Combine(cacheDir, "node_modules", ".bin", "node"), home);
        foreach (var arg in new[] { Path.Combine(cacheDir, "node_modules", "openclaw", "openclaw.mjs"), "gateway", "run", "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "loopback", "--auth", "token" })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["PATH"] = $"{Path.Combine(cacheDir, "node_modules", ".bin")}:{Environment.GetEnvironmentVariable("PATH")}";
        return info;
    });

    public static GatewaySystem Ours(string gatewayDll, string version) => new("ours", version, (home, port) =>
    {
        var info = Base("dotnet", home);
        foreach (var arg in new[] { gatewayDll, "--port", port.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["ConnectionStrings__redis"] = null;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        return info;
    });

    private static ProcessStartInfo Base(string file, string home)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = home };
        foreach (var name in new[] { "OPENCLAW_STATE_DIR", "OPENCLAW_CONFIG_PATH", "OPENCLAW_GATEWAY_URL", "OPENCLAW_HOME", "OPENCLAW_PROFILE" })
        {
            info.Environment[name] = null;
        }

        info.Environment["HOME"] = home;
        info.Environment["OPENCLAW_GATEWAY_TOKEN"] = Token;
        info.Environment["NO_COLOR"] = "1";
        return info;
    }
}

/// <summary>One started gateway process in a throw-away HOME; disposed = the whole process tree killed, HOME removed.</summary>
internal sealed class GatewayUnderTest : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _home;
    private readonly System.Text.StringBuilder _log = new();

    private GatewayUnderTest(Process process, string home, int port)
    {
        _process = process;
        _home = home;
        Port = port;
    }

    public int Port { get; }

    public Uri WsUrl => new($"ws://127.0.0.1:{Port}");

    public Uri HttpUrl => new($"http://127.0.0.1:{Port}");

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.Length > 4000 ? _log.ToString(_log.Length - 4000, 4000) : _log.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public static GatewayUnderTest Start(GatewaySystem system, string modelBaseUrl)
    {
        var home = Directory.CreateTempSubdirectory($"openclaw-bench-{system.Name}-").FullName;
        Directory.CreateDirectory(Path.Combine(home, ".openclaw"));
        File.WriteAllText(Path.Combine(home, ".openclaw", "openclaw.json"), GatewaySystem.Config(modelBaseUrl));
        var port = FreePort();
        var process = Process.Start(system.StartInfo(home, port)) ?? throw new InvalidOperationException($"could not start {system.Name}");
        var gateway = new GatewayUnderTest(process, home, port);
        process.OutputDataReceived += (_, e) => gateway.Append(e.Data);
        process.ErrorDataReceived += (_, e) => gateway.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return gateway;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
            if (_log.Length > 64_000)
            {
                _log.Remove(0, 32_000);
            }
        }
    }

    /// <summary>RSS of the gateway and every process it started (upstream runs helper processes), in MB.</summary>
    public double TreeRssMb() => ProcessTree.RssBytes(_process.Id) / 1024.0 / 1024.0;

    public double MainRssMb() => ProcessTree.RssBytes(_process.Id, includeChildren: false) / 1024.0 / 1024.0;

    public int TreeProcessCount() => ProcessTree.Descendants(_process.Id).Count + 1;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
            // a helper process may still be writing; a temp folder left behind is harmless
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Reads /proc: a process's descendants and their resident memory.</summary>
internal static class ProcessTree
{
    public static long RssBytes(int pid, bool includeChildren = true) =>
        (includeChildren ? [pid, .. Descendants(pid)] : new List<int> { pid }).Sum(ReadRss);

    public static List<int> Descendants(int root)
    {
        var parents = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var ppid = int.Parse(fields[1], CultureInfo.InvariantCulture);
                (parents.TryGetValue(ppid, out var list) ? list : parents[ppid] = []).Add(pid);
            }
            catch (IOException)
            {
                // exited while reading
            }
        }

        var result = new List<int>();
        var queue = new Queue<int>([root]);
        while (queue.TryDequeue(out var pid))
        {
            foreach (var child in parents.GetValueOrDefault(pid) ?? [])
            {
                result.Add(child);
                queue.Enqueue(child);
            }
        }

        return result;
    }

    private static long ReadRss(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
