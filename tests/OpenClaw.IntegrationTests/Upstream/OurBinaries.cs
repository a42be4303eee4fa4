namespace OpenClaw.IntegrationTests.Upstream;

/// <summary>Our gateway and CLI as real processes, from the build output next to this test build.</summary>
public static class OurBinaries
{
    private static readonly string Configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        ? "Release"
        : "Debug";

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OpenClaw.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("OpenClaw.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string GatewayDll => Path.Combine(RepoRoot, "OpenClaw.Gateway", "bin", Configuration, "net10.0", "OpenClaw.Gateway.dll");

    public static string CliDll => Path.Combine(RepoRoot, "OpenClaw.Cli", "bin", Configuration, "net10.0", "openclaw.dll");

    /// <summary>Starts <c>OpenClaw.Gateway</c> with a config in a throw-away HOME and waits for <c>/healthz</c>.</summary>
    public static async Task<RunningProcess> StartGatewayAsync(string home, int port, string token, string configJson5)
    {
        var stateDir = Path.Combine(home, ".openclaw");
        Directory.CreateDirectory(stateDir);
        await File.WriteAllTextAsync(Path.Combine(stateDir, "openclaw.json"), configJson5, TestContext.Current.CancellationToken);
        var env = new Dictionary<string, string?>
        {
            ["HOME"] = home,
            ["OPENCLAW_STATE_DIR"] = stateDir,
            ["OPENCLAW_GATEWAY_TOKEN"] = token,
            ["ConnectionStrings__redis"] = null,
        };
        var process = ProcessRunner.Start("dotnet", [GatewayDll, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], env, home, out var stdout, out var stderr);
        var running = new RunningProcess(process, stdout, stderr);
        await running.WaitForHttpAsync($"http://127.0.0.1:{port}/healthz", TimeSpan.FromSeconds(60));
        return running;
    }

    /// <summary>Runs our <c>openclaw</c> CLI with its own state dir.</summary>
    public static Task<ProcessRunner.Result> CliAsync(string home, params string[] args) =>
        ProcessRunner.RunAsync("dotnet", [CliDll, .. args], new Dictionary<string, string?>
        {
            ["HOME"] = home,
            ["OPENCLAW_STATE_DIR"] = Path.Combine(home, ".openclaw-cli"),
            ["OPENCLAW_GATEWAY_TOKEN"] = null,
            ["OPENCLAW_GATEWAY_URL"] = null,
            ["NO_COLOR"] = "1",
        }, TimeSpan.FromSeconds(60));
}
