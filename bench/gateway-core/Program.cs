using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using OpenClaw.Fakes.Models;

// Gateway-core benchmark: the real gateway process against an instant fake OpenAI model, driven through
// POST /v1/chat/completions. Usage: dotnet run -c Release --project bench/gateway-core [-- --turns 10000]
var totalTurns = args.Length >= 2 && args[0] == "--turns" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
const int SequentialTurns = 1_000;
const int ParallelSessions = 8;
const int TurnsPerConversation = 20; // conversations rotate so history (and the model request) stays realistic

var repo = FindRepoRoot();
var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // bin/<Configuration>/net10.0
var gatewayDll = Path.Combine(repo, "OpenClaw.Gateway", "bin", configuration, "net10.0", "OpenClaw.Gateway.dll");
await using var fake = await FakeOpenAiServer.StartNewAsync();
fake.DefaultReply = body => FakeModelReply.Text("ok", chunks: 1, inputTokens: 20, outputTokens: 1);
var home = Directory.CreateTempSubdirectory("openclaw-bench-").FullName;
Directory.CreateDirectory(Path.Combine(home, ".openclaw"));
await File.WriteAllTextAsync(Path.Combine(home, ".openclaw", "openclaw.json"), $$"""
    {
      gateway: { mode: 'local', auth: { token: 'bench-token' }, http: { endpoints: { chatCompletions: { enabled: true } } } },
      agents: { defaults: { model: 'fakeai/instant', skipBootstrap: true } },
      models: { providers: { fakeai: { api: 'openai-completions', baseUrl: '{{fake.BaseUrl}}', apiKey: 'test-key' } } },
    }
    """);

var port = FreePort();
var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
info.ArgumentList.Add(gatewayDll);
info.ArgumentList.Add("--port");
info.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
info.Environment["HOME"] = home;
info.Environment["Logging__LogLevel__Default"] = "Warning";
using var gateway = Process.Start(info)!;
gateway.OutputDataReceived += (_, _) => { };
gateway.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("gateway: " + e.Data); };
gateway.BeginOutputReadLine();
gateway.BeginErrorReadLine();

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "bench-token");
await WaitHealthyAsync(http);

var turnsDone = 0;
async Task<double> TurnAsync(string session, int turn)
{
    var started = Stopwatch.GetTimestamp();
    using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
    {
        Content = new StringContent($$"""{"model":"openclaw","messages":[{"role":"user","content":"turn {{turn}}"}]}""", Encoding.UTF8, "application/json"),
    };
    request.Headers.Add("x-openclaw-session-key", $"{session}-{turn / TurnsPerConversation}");
    using var response = await http.SendAsync(request);
    var body = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode || !body.Contains("\"ok\"", StringComparison.Ordinal))
    {
        throw new InvalidOperationException($"turn failed: {(int)response.StatusCode} {body}");
    }

    Interlocked.Increment(ref turnsDone);
    return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}

// Warm-up (JIT, connection pools).
for (var i = 0; i < 200; i++)
{
    await TurnAsync("warmup", i);
}

// 1. Sequential latency.
var latencies = new List<double>(SequentialTurns);
for (var i = 0; i < SequentialTurns; i++)
{
    latencies.Add(await TurnAsync("seq", i));
}

latencies.Sort();
double Pct(double p) => latencies[(int)Math.Min(latencies.Count - 1, Math.Round(p * (latencies.Count - 1)))];

// 2. Throughput over 8 parallel sessions, up to the total turn count.
var remaining = totalTurns - turnsDone;
var perSession = Math.Max(1, remaining / ParallelSessions);
var clock = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, ParallelSessions).Select(s => Task.Run(async () =>
{
    for (var i = 0; i < perSession; i++)
    {
        await TurnAsync($"par{s}", i);
    }
})));
clock.Stop();
var throughput = perSession * ParallelSessions / clock.Elapsed.TotalSeconds;

// 3. Memory after all turns (after a moment to let the GC settle, as an operator would see it).
await Task.Delay(2000);
gateway.Refresh();
var rssMb = ReadRssMb(gateway.Id);

Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInfo()}");
Console.WriteLine($"sequential turns: n={SequentialTurns} p50={Pct(0.50):F2} ms p95={Pct(0.95):F2} ms p99={Pct(0.99):F2} ms");
Console.WriteLine($"parallel: {ParallelSessions} sessions x {perSession} turns = {perSession * ParallelSessions} turns in {clock.Elapsed.TotalSeconds:F1} s -> {throughput:F0} turns/s");
Console.WriteLine($"gateway RSS after {turnsDone} turns: {rssMb:F0} MB");
Console.WriteLine($"fake model requests: {fake.Requests.Count}");
Console.WriteLine("gateway memory: " + string.Join(", ", File.ReadLines($"/proc/{gateway.Id}/status").Where(l => l.StartsWith("Rss", StringComparison.Ordinal) || l.StartsWith("Threads", StringComparison.Ordinal)).Select(l => string.Join(' ', l.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries)))));

if (Environment.GetEnvironmentVariable("BENCH_SMAPS") is "1")
{
    File.Copy($"/proc/{gateway.Id}/smaps", Path.Combine(Path.GetTempPath(), "gateway-smaps.txt"), overwrite: true);
}

gateway.Kill(entireProcessTree: true);
await gateway.WaitForExitAsync();
try
{
    Directory.Delete(home, recursive: true);
}
catch (IOException)
{
}

static async Task WaitHealthyAsync(HttpClient http)
{
    var deadline = DateTime.UtcNow.AddSeconds(60);
    while (DateTime.UtcNow < deadline)
    {
        try
        {
            if ((await http.GetAsync(new Uri("/healthz", UriKind.Relative))).IsSuccessStatusCode)
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
        }

        await Task.Delay(100);
    }

    throw new TimeoutException("gateway did not become healthy");
}

static double ReadRssMb(int pid)
{
    var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
    return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
}

static int FreePort()
{
    using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
}

static string FindRepoRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "OpenClaw.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("run from inside the repository");
}

static string RuntimeInfo() => $"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
