using System.Diagnostics;

namespace OpenClaw.Cli.Tests;

/// <summary>Runs the built <c>openclaw</c> CLI as a real process with a controlled environment.</summary>
internal static class CliProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string Output => Stdout + Stderr;

        public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
    }

    private static string Configuration => AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OpenClaw.sln")))
            {
                dir = dir.Parent;
            }

            return dir!.FullName;
        }
    }

    public static string CliDll => Path.Combine(RepoRoot, "OpenClaw.Cli", "bin", Configuration, "net10.0", "openclaw.dll");

    public static string GatewayDll => Path.Combine(RepoRoot, "OpenClaw.Gateway", "bin", Configuration, "net10.0", "OpenClaw.Gateway.dll");

    public static ProcessStartInfo StartInfo(IDictionary<string, string?> env, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add(CliDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var name in new[] { "OPENCLAW_GATEWAY_TOKEN", "OPENCLAW_GATEWAY_URL", "OPENCLAW_GATEWAY_PASSWORD", "OPENCLAW_GATEWAY_PORT", "OPENCLAW_CONFIG_PATH",
                     "OPENCLAW_STATE_DIR", "OPENCLAW_HOME", "OPENCLAW_PROFILE", "OLLAMA_HOST", "ANTHROPIC_API_KEY", "OPENAI_API_KEY", "ConnectionStrings__redis" })
        {
            info.Environment.Remove(name);
        }

        foreach (var (key, value) in env)
        {
            info.Environment[key] = value;
        }

        return info;
    }

    public static async Task<Result> RunAsync(IDictionary<string, string?> env, params string[] args)
    {
        using var process = Process.Start(StartInfo(env, args))!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>No stack trace ever reaches the user.</summary>
    public static void AssertNoStackTrace(Result result) => Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
}
