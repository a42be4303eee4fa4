using System.Globalization;
using System.Net.WebSockets;

// Control-plane benchmark: how much memory the gateway process needs to hold N idle, authenticated
// WebSocket connections (target: 5,000 connections with at most 100 MB extra RSS).
//
//   dotnet run -c Release --project bench/control-plane -- [connections] [--runs 3] [--env KEY=VALUE ...] [--no-write] [--hold seconds]
//
// Each run starts a fresh gateway, opens one connection, forces a full GC and lets the process settle,
// reads RSS (baseline), opens N more connections (challenge → connect → hello-ok each), idles 20 s (past
// a 15 s tick, reading ticks as clients do), forces a full GC again, settles and reads RSS. The figure is
// the median over the runs; load average is recorded because the machine is shared. --env passes
// settings to the gateway (e.g. DOTNET_GCgen0size) to compare variants without rebuilding.
var connections = 5000;
var runs = 3;
var write = true;
var hold = TimeSpan.Zero;
var extraEnv = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--runs":
            runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--env":
            var pair = args[++i].Split('=', 2);
            extraEnv[pair[0]] = pair[1];
            break;
        case "--hold":
            hold = TimeSpan.FromSeconds(int.Parse(args[++i], CultureInfo.InvariantCulture));
            break;
        case "--no-write":
            write = false;
            break;
        default:
            connections = int.Parse(args[i], CultureInfo.InvariantCulture);
            break;
    }
}

const string token = "bench-token";
var settle = TimeSpan.FromSeconds(3);
var root = FindRepoRoot();
var gatewayDll = new[] { "Release", "Debug" }.Select(c => Path.Combine(root, "OpenClaw.Gateway", "bin", c, "net10.0", "OpenClaw.Gateway.dll")).First(File.Exists);
var results = new List<RunResult>();
for (var run = 1; run <= runs; run++)
{
    var loadBefore = GatewayMemory.LoadAverage();
    await using var gateway = await GatewayProcess.StartAsync(gatewayDll, token, extraEnv);
    var sockets = new List<ClientWebSocket>();
    var readers = new List<Task>();
    try
    {
        sockets.Add(await BenchClient.ConnectAsync(gateway.Port, token));
        await Task.Delay(TimeSpan.FromSeconds(5));
        var baseline = await GatewayMemory.SampleAfterGcAsync(gateway.Pid, settle);
        var started = System.Diagnostics.Stopwatch.StartNew();
        for (var batch = 0; batch < connections; batch += 100)
        {
            sockets.AddRange(await Task.WhenAll(Enumerable.Range(0, Math.Min(100, connections - batch)).Select(_ => BenchClient.ConnectAsync(gateway.Port, token))));
        }

        var connectSeconds = started.Elapsed.TotalSeconds;
        readers.AddRange(sockets.Select(BenchClient.DrainAsync));
        await Task.Delay(TimeSpan.FromSeconds(20)); // idle past a tick (15 s)
        var loaded = await GatewayMemory.SampleAfterGcAsync(gateway.Pid, settle);
        var open = sockets.Count(s => s.State == WebSocketState.Open);
        var result = new RunResult(run, open, baseline, loaded, connectSeconds, Math.Max(loadBefore, GatewayMemory.LoadAverage()));
        results.Add(result);
        Console.WriteLine(result.Describe(connections));
        if (hold > TimeSpan.Zero)
        {
            Console.WriteLine($"holding the connections open {hold.TotalSeconds:F0} s for inspection: gateway pid {gateway.Pid}");
            await Task.Delay(hold);
        }
    }
    finally
    {
        foreach (var socket in sockets)
        {
            socket.Abort();
            socket.Dispose();
        }

        await Task.WhenAll(readers);
    }
}

var median = results.OrderBy(r => r.ExtraBytes).ElementAt(results.Count / 2);
var passed = median.ExtraBytes / 1048576.0 <= 100 && results.All(r => r.Open == connections + 1);
Console.WriteLine($"median extra {median.ExtraBytes / 1048576.0:F1} MB over {results.Count} runs: {(passed ? "PASS" : "FAIL")} (target ≤ 100 MB)");
if (write)
{
    ResultsFile.Write(root, connections, results, median, passed, Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(gatewayDll))!), extraEnv);
}

return passed ? 0 : 1;

static string FindRepoRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OpenClaw.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? throw new InvalidOperationException("run from inside the repository");
}

internal sealed record RunResult(int Run, int Open, MemorySample Baseline, MemorySample Loaded, double ConnectSeconds, double LoadAverage)
{
    public long ExtraBytes => Loaded.RssBytes - Baseline.RssBytes;

    public string Describe(int connections) =>
        $"run {Run}: open={Open} rss {Mb(Baseline.RssBytes)} → {Mb(Loaded.RssBytes)} MB, extra {Mb(ExtraBytes)} MB "
        + $"({ExtraBytes / 1024.0 / connections:F1} KB/connection; anon +{Mb(Loaded.AnonBytes - Baseline.AnonBytes)} MB, "
        + $"managed heap {Mb(Baseline.ManagedHeapBytes)} → {Mb(Loaded.ManagedHeapBytes)} MB = {(Loaded.ManagedHeapBytes - Baseline.ManagedHeapBytes) / 1024.0 / connections:F1} KB/connection) "
        + $"connect {ConnectSeconds:F1} s, load {LoadAverage:F1}";

    public static string Mb(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture);
}
