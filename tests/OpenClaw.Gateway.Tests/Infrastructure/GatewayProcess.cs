using System.Diagnostics;
using System.Text;

namespace OpenClaw.Gateway.Tests.Infrastructure;

/// <summary>The built gateway run as a real process (<c>dotnet OpenClaw.Gateway.dll</c>) with a temp HOME.</summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private GatewayProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static string GatewayDll
    {
        get
        {
            // tests/OpenClaw.Gateway.Tests/bin/<Configuration>/net10.0 → OpenClaw.Gateway/bin/<Configuration>/net10.0
            var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = testBin.Parent!.Name;
            var repo = testBin.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
            var dll = Path.Combine(repo, "OpenClaw.Gateway", "bin", configuration, testBin.Name, "OpenClaw.Gateway.dll");
            return File.Exists(dll) ? dll : Path.Combine(AppContext.BaseDirectory, "OpenClaw.Gateway.dll");
        }
    }

    public static GatewayProcess Start(TempHome home, int port, IDictionary<string, string>? env = null, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(GatewayDll);
        info.ArgumentList.Add("--port");
        info.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["HOME"] = home.Path;
        info.Environment["OPENCLAW_HOME"] = home.Path;
        info.Environment.Remove("OPENCLAW_STATE_DIR");
        info.Environment.Remove("OPENCLAW_CONFIG_PATH");
        info.Environment.Remove("OPENAI_API_KEY");
        info.Environment.Remove("ANTHROPIC_API_KEY");
        info.Environment["OPENCLAW_GATEWAY_TOKEN"] = TestGateway.Token;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["ConnectionStrings__redis"] = "127.0.0.1:1,abortConnect=false,connectTimeout=200";
        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return new GatewayProcess(Process.Start(info)!, port);
    }

    /// <summary>Runs the gateway until it exits by itself (start-up refusals).</summary>
    public static async Task<(int ExitCode, string Stderr, string Stdout)> RunToExitAsync(TempHome home, params string[] args)
    {
        await using var process = Start(home, Testing.FreePort.Next(), null, args);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process._process.WaitForExitAsync(timeout.Token);
        process._process.WaitForExit(); // drains the redirected streams
        return (process.ExitCode, process.Stderr, process.Stdout);
    }

    public async Task WaitHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Poll.UntilAsync(
            async () =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"gateway exited with {_process.ExitCode}: {Stderr}");
                }

                try
                {
                    return (await http.GetAsync(new Uri($"{BaseUrl}/healthz"))).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
                catch (TaskCanceledException)
                {
                    return false;
                }
            },
            "the gateway process to answer /healthz",
            TimeSpan.FromSeconds(60));
    }

    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static void Append(StringBuilder sb, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (sb)
        {
            sb.AppendLine(line);
        }
    }
}
