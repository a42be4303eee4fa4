#:project ../../OpenClaw.Gateway/OpenClaw.Gateway.csproj
#:property PublishAot=false

// Tools benchmark: exec round trip on the host, exec timeout kill latency, policy resolution and path containment.
// Run: dotnet run bench/tools/ToolsBench.cs   (prints a markdown section for bench/RESULTS.md)
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenClaw.Gateway.Tools;
using OpenClaw.Gateway.Tools.Execution;

var workspace = Directory.CreateTempSubdirectory("openclaw-tools-bench-").FullName;
var services = new ServiceCollection();
services.AddLogging();
services.AddGatewayTools(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["tools:profile"] = "coding" }).Build());
await using var provider = services.BuildServiceProvider();
var registry = provider.GetRequiredService<ToolRegistry>();
var context = new ToolContext { AgentId = "main", SessionKey = "agent:main:main", WorkspaceDir = workspace };
var exec = registry.GetEffectiveTools(context).Single(t => t.Name == "exec");

async Task<double> TimeAsync(Func<Task> action)
{
    var sw = Stopwatch.StartNew();
    await action();
    return sw.Elapsed.TotalMilliseconds;
}

// 1. exec `true` round trip (setsid + bash + pipes + process-group bookkeeping).
for (var i = 0; i < 5; i++)
{
    await exec.InvokeAsync(JsonSerializer.SerializeToElement(new { command = "true" }), context, CancellationToken.None);
}

var execTimes = new List<double>();
for (var i = 0; i < 50; i++)
{
    execTimes.Add(await TimeAsync(() => exec.InvokeAsync(JsonSerializer.SerializeToElement(new { command = "true" }), context, CancellationToken.None)));
}

// 2. `sleep 100` with timeout 1 s: time until exec returns.
var timeoutTimes = new List<double>();
for (var i = 0; i < 5; i++)
{
    timeoutTimes.Add(await TimeAsync(() => exec.InvokeAsync(JsonSerializer.SerializeToElement(new { command = "sleep 100", timeout = 1 }), context, CancellationToken.None)));
}

// 3. Policy: GetEffectiveTools per run.
var sw = Stopwatch.StartNew();
const int policyRuns = 20_000;
for (var i = 0; i < policyRuns; i++)
{
    registry.GetEffectiveTools(context);
}

var policyUs = sw.Elapsed.TotalMilliseconds * 1000 / policyRuns;

// 4. Workspace containment of a nested path.
Directory.CreateDirectory(Path.Combine(workspace, "a/b/c"));
sw.Restart();
const int pathRuns = 100_000;
for (var i = 0; i < pathRuns; i++)
{
    WorkspacePath.Resolve(workspace, "a/b/c/../c/file.txt");
}

var pathUs = sw.Elapsed.TotalMilliseconds * 1000 / pathRuns;
Directory.Delete(workspace, recursive: true);

static double Pct(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted[(int)Math.Min(sorted.Count - 1, Math.Round(p * (sorted.Count - 1)))];
}

var inv = CultureInfo.InvariantCulture;
Console.WriteLine("## Tools (OpenClaw.Gateway/Tools)");
Console.WriteLine();
Console.WriteLine(string.Create(inv, $"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; shared with other builds (numbers are noisy)."));
Console.WriteLine();
Console.WriteLine("| Measure | Result | Target |");
Console.WriteLine("|---|---|---|");
Console.WriteLine(string.Create(inv, $"| exec `true` on the host, round trip (50 runs) | p50 {Pct(execTimes, 0.5):0.0} ms, p95 {Pct(execTimes, 0.95):0.0} ms | — |"));
Console.WriteLine(string.Create(inv, $"| exec `sleep 100`, timeout 1 s: time to return (5 runs) | max {timeoutTimes.Max():0} ms | < 2000 ms, no process left |"));
Console.WriteLine(string.Create(inv, $"| policy: GetEffectiveTools per run (profile coding) | {policyUs:0.0} µs | — |"));
Console.WriteLine(string.Create(inv, $"| workspace containment: resolve a nested path | {pathUs:0.0} µs | — |"));
