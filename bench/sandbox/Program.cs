// Warm exec of `true`: the gateway's SandboxClient → Redis → SandboxManager (a separate process, Docker.DotNet)
// → reply, against `docker exec` of the docker CLI on the same container. Also cold create+exec.
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenClaw.Contracts.Sandbox;
using OpenClaw.Gateway.Sandbox;
using OpenClaw.Testing;

var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
var stateDir = Directory.CreateTempSubdirectory("openclaw-bench-").FullName;
await using var redis = await RedisServer.StartAsync();
using var connection = await redis.ConnectAsync();
using var manager = StartManager(redis.ConnectionString, stateDir);
await using var client = new SandboxClient(connection, Options.Create(new SandboxClientOptions()), NullLogger<SandboxClient>.Instance);

var prefix = $"ocbench-{Guid.NewGuid().ToString("N")[..6]}-";
var spec = Spec(prefix + "warm", "agent:bench", stateDir);
try
{
    await client.EnsureAsync(spec);
    for (var i = 0; i < 20; i++)
    {
        await client.ExecAsync(new ExecRequest { Spec = spec, Command = "true" });
        await DockerCliAsync(spec.ContainerName, "true");
    }

    var ours = new List<double>();
    var cliLogin = new List<double>();
    var cliPlain = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        // Interleaved so background load hits both sides alike.
        var sw = Stopwatch.StartNew();
        var result = await client.ExecAsync(new ExecRequest { Spec = spec, Command = "true" });
        ours.Add(sw.Elapsed.TotalMilliseconds);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("exec failed");
        }

        sw.Restart();
        await DockerCliAsync(spec.ContainerName, "sh", "-lc", "true");
        cliLogin.Add(sw.Elapsed.TotalMilliseconds);

        sw.Restart();
        await DockerCliAsync(spec.ContainerName, "true");
        cliPlain.Add(sw.Elapsed.TotalMilliseconds);
    }

    var cold = new List<double>();
    for (var i = 0; i < 5; i++)
    {
        var coldSpec = Spec($"{prefix}cold{i}", $"agent:cold{i}", stateDir);
        var sw = Stopwatch.StartNew();
        await client.ExecAsync(new ExecRequest { Spec = coldSpec, Command = "true" });
        cold.Add(sw.Elapsed.TotalMilliseconds);
    }

    Console.WriteLine($"## Sandbox exec ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} CPUs, {runs} runs, p50 / p90 / p99 ms)");
    Console.WriteLine();
    Console.WriteLine("| path | p50 | p90 | p99 |");
    Console.WriteLine("|---|---|---|---|");
    Row("warm exec `true` via SandboxClient → Redis → SandboxManager (Docker.DotNet), `sh -lc`", ours);
    Row("`docker exec <c> sh -lc true` (docker CLI, what upstream runs)", cliLogin);
    Row("`docker exec <c> true` (docker CLI, no shell)", cliPlain);
    Row("cold: create + start + exec `true` (5 runs)", cold);
    Console.WriteLine();
    Console.WriteLine(FormattableString.Invariant($"ratio ours / CLI (p50): {P(ours, 50) / P(cliLogin, 50):0.00} vs `sh -lc`, {P(ours, 50) / P(cliPlain, 50):0.00} vs plain"));
}
finally
{
    await client.RecreateAsync(new RecreateSandboxesRequest { All = true, ContainerPrefix = prefix });
    manager.Kill(entireProcessTree: true);
    Directory.Delete(stateDir, recursive: true);
}

static void Row(string name, List<double> samples) =>
    Console.WriteLine(FormattableString.Invariant($"| {name} | {P(samples, 50):0.0} | {P(samples, 90):0.0} | {P(samples, 99):0.0} |"));

static double P(List<double> samples, int percentile)
{
    var sorted = samples.Order().ToList();
    return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];
}

static async Task DockerCliAsync(params string[] command)
{
    var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
    start.ArgumentList.Add("exec");
    foreach (var part in command)
    {
        start.ArgumentList.Add(part);
    }

    using var process = Process.Start(start)!;
    await process.WaitForExitAsync();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"docker exec failed: {await process.StandardError.ReadToEndAsync()}");
    }
}

static Process StartManager(string redis, string stateDir)
{
    var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
    start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "OpenClaw.SandboxManager.dll"));
    start.Environment["ConnectionStrings__redis"] = redis;
    start.Environment["OpenClaw__SandboxManager__StateDir"] = stateDir;
    start.Environment["OpenClaw__SandboxManager__PruneInterval"] = "00:00:00";
    start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
    start.Environment["Logging__LogLevel__Default"] = "Warning";
    var process = Process.Start(start)!;
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, _) => { };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static SandboxSpec Spec(string name, string scopeKey, string stateDir) => new()
{
    ScopeKey = scopeKey,
    ContainerName = name,
    WorkspaceDir = Path.Combine(stateDir, "sandboxes", name),
    Mounts = [new SandboxMount(Path.Combine(stateDir, "sandboxes", name), "/workspace", false)],
    ConfigHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name))),
};
