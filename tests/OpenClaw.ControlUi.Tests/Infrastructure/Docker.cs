using System.ComponentModel;
using System.Diagnostics;

namespace OpenClaw.ControlUi.Tests.Infrastructure;

/// <summary>The <c>docker</c> CLI, to check from outside what the SandboxManager did to the real engine.</summary>
public static class Docker
{
    public const string SandboxImage = "openclaw-sandbox:bookworm-slim";

    public static async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("docker") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await stdout + await stderr);
        }
        catch (Win32Exception)
        {
            return (-1, "docker not installed");
        }
    }

    /// <summary>Names of the containers (running or not) whose name starts with <paramref name="prefix"/>.</summary>
    public static async Task<IReadOnlyList<string>> ContainersAsync(string prefix, bool all = true)
    {
        var (_, output) = await RunAsync(["ps", .. all ? new[] { "-a" } : [], "--filter", $"name=^{prefix}", "--format", "{{.Names}}"]);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(n => n.StartsWith(prefix, StringComparison.Ordinal))];
    }

    public static async Task RemoveAsync(string prefix)
    {
        foreach (var name in await ContainersAsync(prefix))
        {
            await RunAsync("rm", "-f", name);
        }
    }
}
