using System.Text.Json;
using OpenClaw.Bench.SideBySide;

// Upstream OpenClaw vs ours, side by side: the same fake model, the same protocol client, the same config.
//   run    [--quick] [--runs N] [--duration S] [--turns N] [--connections N] [--systems upstream,ours] [--out DIR]
//          → DIR/side-by-side.json (every raw sample)
//   report [--out DIR] → DIR/pipeline.json from the pipeline benches' logs, and the tables into bench/RESULTS.md
// bench/run.sh runs both (and installs upstream, builds ours, runs the pipeline benches first).
var command = args.FirstOrDefault() ?? "run";
var options = BenchOptions.Parse(args);
var repo = Machine.RepoRoot();
var outDir = options.OutDir ?? Path.Combine(repo, "bench", "results");
Directory.CreateDirectory(outDir);

if (command == "report")
{
    Report.Write(repo, outDir);
    return 0;
}

var gatewayDll = Path.Combine(repo, "OpenClaw.Gateway", "bin", "Release", "net10.0", "OpenClaw.Gateway.dll");
var systems = new List<GatewaySystem>();
foreach (var name in options.Systems)
{
    if (name == "upstream")
    {
        if (!File.Exists(Path.Combine(options.UpstreamDir, "node_modules", "openclaw", "openclaw.mjs")))
        {
            Console.Error.WriteLine($"upstream OpenClaw is not installed in {options.UpstreamDir}: run bench/run.sh (it installs it), or pass --systems ours");
            return 2;
        }

        systems.Add(GatewaySystem.Upstream(options.UpstreamDir, Machine.UpstreamVersion(options.UpstreamDir)));
    }
    else if (name == "ours")
    {
        if (!File.Exists(gatewayDll))
        {
            Console.Error.WriteLine($"{gatewayDll} is missing: build it first (dotnet build OpenClaw.Gateway -c Release)");
            return 2;
        }

        systems.Add(GatewaySystem.Ours(gatewayDll, Machine.OurVersion(repo)));
    }
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var identityDir = Directory.CreateTempSubdirectory("openclaw-bench-client-").FullName;
var started = DateTimeOffset.UtcNow;
var loadBefore = SystemBench.LoadAverage();
await using var model = new FakeModel();
await model.StartAsync();
var results = new List<SystemResult>();
foreach (var system in systems)
{
    results.Add(await new SystemBench(system, model, options, identityDir).RunAsync(cancel.Token));
}

var document = new SideBySideDocument
{
    Date = started,
    Seconds = Math.Round((DateTimeOffset.UtcNow - started).TotalSeconds, 1),
    Mode = options.Quick ? "quick" : "full",
    Machine = Machine.Describe(),
    LoadAverageBefore = loadBefore,
    LoadAverageAfter = SystemBench.LoadAverage(),
    Options = new Dictionary<string, string>
    {
        ["runs"] = options.Runs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["secondsPerMeasure"] = options.Duration.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["turnTarget"] = options.TurnTarget.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["idleConnections"] = options.IdleConnections.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["modelLatencyMs"] = "0 and 50",
        ["nodeVersion"] = systems.Any(s => s.Name == "upstream") ? Machine.NodeVersion(options.UpstreamDir) : "",
    },
    Systems = results,
};
await File.WriteAllTextAsync(Path.Combine(outDir, "side-by-side.json"), JsonSerializer.Serialize(document, SideBySideDocument.Json));
Directory.Delete(identityDir, recursive: true);
Console.WriteLine($"wrote {Path.Combine(outDir, "side-by-side.json")} ({document.Seconds:F0} s)");
return 0;
