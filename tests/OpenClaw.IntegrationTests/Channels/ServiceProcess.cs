using System.Diagnostics;
using System.Text;

namespace OpenClaw.IntegrationTests.Channels;

/// <summary>A built OpenClaw.NET service run as a real process (<c>dotnet &lt;Service&gt;.dll</c>), killable with SIGKILL.</summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServiceProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>tests/OpenClaw.IntegrationTests/bin/&lt;Configuration&gt;/net10.0 → &lt;Service&gt;/bin/&lt;Configuration&gt;/net10.0/&lt;Service&gt;.dll.</summary>
    public static string DllOf(string service)
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testBin.Parent!.Name;
        var repo = testBin.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(repo, service, "bin", configuration, testBin.Name, $"{service}.dll");
        return File.Exists(dll)
            ? dll
            : throw new FileNotFoundException($"{dll} is missing: build it first (dotnet build {service} -c {configuration}).");
    }

    public static ServiceProcess Start(string service, IEnumerable<string> args, IDictionary<string, string> env)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(DllOf(service));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var name in new[] { "OPENCLAW_STATE_DIR", "OPENCLAW_CONFIG_PATH", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "TELEGRAM_BOT_TOKEN", "ASPNETCORE_URLS" })
        {
            info.Environment.Remove(name);
        }

        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["DOTNET_gcServer"] = "0";
        foreach (var (key, value) in env)
        {
            info.Environment[key] = value;
        }

        return new ServiceProcess(Process.Start(info)!);
    }

    /// <summary>SIGKILL, as a crash: no shutdown hooks, nothing flushed.</summary>
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

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < 200_000)
            {
                _output.AppendLine(line);
            }
        }
    }
}
