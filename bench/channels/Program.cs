using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenClaw.Fakes.Models;
using OpenClaw.Fakes.Telegram;
using OpenClaw.Testing;

// Fake Telegram → Telegram worker → Redis → gateway (instant fake model) → Redis → worker → fake Telegram.
// Usage: dotnet run -c Release --project bench/channels -- [messagesPerSecond=2000] [seconds=10] [chats=200] [full|transport]
//   full: the real gateway process with the agent runner; transport: EchoResponder stands in for the gateway.
var mode = args.Length > 3 ? args[3] : "full";
var rate = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var chats = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200;
var total = rate * seconds;

var home = Directory.CreateTempSubdirectory("openclaw-bench-").FullName;
await using var redis = await RedisServer.StartAsync(appendOnly: true);
// Redis's default durability (fsync once a second); the crash tests use appendfsync always.
await using (var admin = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync($"{redis.ConnectionString},allowAdmin=true"))
{
    await admin.GetServers()[0].ConfigSetAsync("appendfsync", "everysec");
}

await using var telegram = await FakeTelegramServer.StartAsync();
var bot = telegram.AddBot();
await using var model = await FakeOpenAiServer.StartNewAsync();
var token = new Regex(@"msg-\d+", RegexOptions.Compiled);
model.DefaultReply = body =>
{
    var content = (body["messages"] as JsonArray)?.LastOrDefault(m => m?["role"]?.GetValue<string>() == "user")?["content"];
    var text = content is JsonValue v ? v.GetValue<string>() : content?.ToJsonString() ?? "";
    return FakeModelReply.Text($"ack {token.Matches(text).LastOrDefault()?.Value}", chunks: 1);
};

var stateDir = Path.Combine(home, ".openclaw");
Directory.CreateDirectory(stateDir);
await File.WriteAllTextAsync(Path.Combine(stateDir, "openclaw.json"), $$"""
    {
      "gateway": { "mode": "local" },
      "agents": { "defaults": { "model": "fakeai/gpt-test", "skipBootstrap": true, "maxConcurrent": 64 } },
      "models": { "providers": { "fakeai": { "api": "openai-completions", "baseUrl": "{{model.BaseUrl}}", "apiKey": "test-key" } } },
      "session": { "dmScope": "per-channel-peer" },
      "channels": { "telegram": { "botToken": "{{bot.Token}}", "apiRoot": "{{telegram.BaseUrl}}", "dmPolicy": "open", "allowFrom": ["*"] } }
    }
    """);

var env = new Dictionary<string, string>
{
    ["HOME"] = home,
    ["OPENCLAW_HOME"] = home,
    ["ConnectionStrings__redis"] = $"{redis.ConnectionString},abortConnect=false",
    ["Logging__LogLevel__Default"] = "Warning",
    ["OPENCLAW_GATEWAY_TOKEN"] = "bench",
    ["GatewayChannels__SendTyping"] = "false",
    ["channels__telegram__pollTimeoutSeconds"] = "1",
    ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort.Next()}",
};
using var stop = new CancellationTokenSource();
using var gateway = mode == "full" ? Start("OpenClaw.Gateway", ["--port", FreePort.Next().ToString(CultureInfo.InvariantCulture)], env) : null;
await using var echoRedis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
var echo = mode == "full" ? Task.CompletedTask : Task.Run(() => new EchoResponder(echoRedis).RunAsync(stop.Token));
using var worker = Start("OpenClaw.ChannelWorkers", ["--channel", "telegram"], env);
using var redisProcess = FindRedis(redis.Port);
try
{
    // Warm up: one message end to end (JIT, connections, consumer groups).
    bot.UserSends(1, "warm msg-999999999");
    await bot.WaitForSentAsync(s => s.Count >= 1, TimeSpan.FromSeconds(120));
    var baseline = bot.Sent.Count;

    // CPU time per process over the measured part: unlike wall-clock throughput on a machine shared with other
    // builds, CPU milliseconds per message do not depend on how busy the machine is.
    var cpuBefore = CpuTimes();
    var sentAt = new DateTimeOffset[total];
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < total; i++)
    {
        // Open loop: message i is due at i / rate seconds, whatever the system does.
        var due = TimeSpan.FromSeconds((double)i / rate);
        var wait = due - clock.Elapsed;
        if (wait > TimeSpan.FromMilliseconds(1))
        {
            await Task.Delay(wait);
        }

        sentAt[i] = DateTimeOffset.UtcNow;
        bot.UserSends(1000 + (i % chats), $"question msg-{i}");
    }

    var sendDone = clock.Elapsed;
    var replies = await bot.WaitForSentAsync(s => s.Count - baseline >= total, TimeSpan.FromMinutes(5));
    var latencies = new List<double>();
    var lastReply = DateTimeOffset.MinValue;
    var start = sentAt[0];
    foreach (var reply in replies.Skip(baseline))
    {
        var match = token.Match(reply.Text);
        if (!match.Success || !int.TryParse(match.Value.AsSpan(4), CultureInfo.InvariantCulture, out var n) || n >= total)
        {
            continue;
        }

        latencies.Add((reply.At - sentAt[n]).TotalMilliseconds);
        lastReply = reply.At > lastReply ? reply.At : lastReply;
    }

    latencies.Sort();
    double Pct(double p) => latencies[Math.Min(latencies.Count - 1, (int)(p * latencies.Count))];
    var elapsed = (lastReply - start).TotalSeconds;
    Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
    Console.WriteLine($"mode: {mode}");
    Console.WriteLine($"offered: {rate} msg/s for {seconds} s over {chats} chats ({total} messages), offered in {sendDone.TotalSeconds:F1} s");
    Console.WriteLine($"answered: {latencies.Count}/{total}, duplicates: {replies.Count - baseline - latencies.Count}");
    Console.WriteLine($"throughput: {latencies.Count / elapsed:F0} msg/s (first message to last reply {elapsed:F1} s)");
    Console.WriteLine($"round trip ms: p50 {Pct(0.50):F1}, p90 {Pct(0.90):F1}, p99 {Pct(0.99):F1}, max {latencies[^1]:F1}");
    var cpuAfter = CpuTimes();
    var perMessage = cpuAfter.Select((c, i) => (c.Name, Ms: (c.Cpu - cpuBefore[i].Cpu).TotalMilliseconds / total)).ToList();
    var channelSide = perMessage.Where(p => p.Name is "worker" or "gateway" or "redis").Sum(p => p.Ms);
    Console.WriteLine($"cpu ms per message: {string.Join(", ", perMessage.Select(p => $"{p.Name} {p.Ms:F3}"))}");
    Console.WriteLine($"capacity of 2 idle cores for worker+gateway+redis (fakes elsewhere): ~{2000 / channelSide:F0} msg/s");
    Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");
}
finally
{
    await stop.CancelAsync();
    gateway?.Kill(entireProcessTree: true);
    worker.Kill(entireProcessTree: true);
    try
    {
        Directory.Delete(home, recursive: true);
    }
    catch (IOException)
    {
    }
}

List<(string Name, TimeSpan Cpu)> CpuTimes()
{
    var times = new List<(string, TimeSpan)>();
    foreach (var (name, process) in new[] { ("worker", worker), ("gateway", gateway), ("redis", redisProcess), ("bench+fakes", Process.GetCurrentProcess()) })
    {
        if (process is not null)
        {
            process.Refresh();
            times.Add((name, process.TotalProcessorTime));
        }
    }

    return times;
}

static Process? FindRedis(int port)
{
    foreach (var dir in Directory.EnumerateDirectories("/proc"))
    {
        try
        {
            var commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
            if (commandLine.Contains("redis-server", StringComparison.Ordinal)
                && commandLine.Contains($":{port.ToString(CultureInfo.InvariantCulture)}", StringComparison.Ordinal)
                && int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var pid))
            {
                return Process.GetProcessById(pid);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    return null;
}

static Process Start(string service, string[] args, Dictionary<string, string> env)
{
    var repo = AppContext.BaseDirectory;
    while (!File.Exists(Path.Combine(repo, "OpenClaw.sln")))
    {
        repo = Path.GetDirectoryName(repo.TrimEnd(Path.DirectorySeparatorChar)) ?? throw new InvalidOperationException("run from the repository");
    }

    var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
    var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
    info.ArgumentList.Add(Path.Combine(repo, service, "bin", configuration, "net10.0", $"{service}.dll"));
    foreach (var arg in args)
    {
        info.ArgumentList.Add(arg);
    }

    foreach (var (key, value) in env)
    {
        info.Environment[key] = value;
    }

    var process = Process.Start(info)!;
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine($"[{service}] {e.Data}"); } };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}
