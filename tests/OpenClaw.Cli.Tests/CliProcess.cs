using System.Diagnostics;

namespace OpenClaw.Cli.Tests;

/// <summary>Runs the built <c>openclaw</c> CLI as a real process with a controlled environment.</summary>
internal static class CliProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    private static string CliDll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OpenClaw.sln")))
            {
                dir = dir.Parent;
            }

            return Path.Combine(dir!.FullName, "OpenClaw.Cli", "bin", configuration, "net10.0", "openclaw.dll");
        }
    }

    public static async Task<Result> RunAsync(IDictionary<string, string?> env, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(CliDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["OPENCLAW_GATEWAY_TOKEN"] = null;
        info.Environment["OPENCLAW_GATEWAY_URL"] = null;
        info.Environment["OPENCLAW_GATEWAY_PASSWORD"] = null;
        foreach (var (key, value) in env)
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
