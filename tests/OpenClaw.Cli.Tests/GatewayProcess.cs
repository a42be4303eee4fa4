using System.Diagnostics;
using System.Text;

namespace OpenClaw.Cli.Tests;

/// <summary>The built gateway as a real process (<c>dotnet OpenClaw.Gateway.dll</c>) on a state dir; waits for <c>/healthz</c>.</summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private GatewayProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

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

    public static async Task<GatewayProcess> StartAsync(TempState state, int port, string? redis, IDictionary<string, string?>? env = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(CliProcess.GatewayDll);
        info.Environment["HOME"] = state.Home;
        info.Environment["OPENCLAW_STATE_DIR"] = state.StateDir;
        info.Environment.Remove("OPENCLAW_CONFIG_PATH");
        info.Environment.Remove("OPENCLAW_GATEWAY_TOKEN");
        info.Environment.Remove("OPENAI_API_KEY");
        info.Environment.Remove("ANTHROPIC_API_KEY");
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["ConnectionStrings__redis"] = redis ?? "127.0.0.1:1,abortConnect=false,connectTimeout=200";
        foreach (var (key, value) in env ?? new Dictionary<string, string?>())
        {
            info.Environment[key] = value;
        }

        var gateway = new GatewayProcess(Process.Start(info)!, port);
        try
        {
            await gateway.WaitHealthyAsync();
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }

        return gateway;
    }

    public async Task WaitHealthyAsync() => await WaitForHealthzAsync(Port, () => _process.HasExited ? $"gateway exited with {_process.ExitCode}: {Output}" : null);

    public static async Task WaitForHealthzAsync(int port, Func<string?> failed)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (failed() is { } reason)
            {
                throw new InvalidOperationException(reason);
            }

            try
            {
                if ((await http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"), TestContext.Current.CancellationToken)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(250, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"the gateway did not answer /healthz on port {port} within 90 s");
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
