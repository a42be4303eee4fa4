using System.Diagnostics;
using System.Text;

namespace OpenClaw.AppHost.Tests.Publishing;

/// <summary>Runs a command line tool to completion (docker, docker-compose, dotnet, bash) and captures its output.</summary>
internal static class Tool
{
    public static async Task<bool> ExistsAsync(string name) =>
        (await RunAsync("sh", ["-c", $"command -v {name}"], Directory.GetCurrentDirectory())).ExitCode == 0;

    public static async Task<(int ExitCode, string Output)> RunAsync(
        string fileName, IReadOnlyList<string> args, string workingDirectory, Dictionary<string, string>? env = null, TimeSpan? timeout = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in env ?? [])
        {
            startInfo.Environment[key] = value;
        }

        using var process = Process.Start(startInfo)!;
        var output = new StringBuilder();
        var lockObject = new Lock();
        process.OutputDataReceived += (_, e) => { lock (lockObject) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (lockObject) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} did not finish in time:\n{output}");
        }

        lock (lockObject)
        {
            return (process.ExitCode, output.ToString());
        }
    }
}
