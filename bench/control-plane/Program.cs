using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

// Control-plane benchmark: how much memory the gateway process needs to hold N idle, authenticated
// WebSocket connections (target: 5,000 connections with at most 100 MB extra RSS). Starts the real
// gateway (Release build if present) in a throw-away HOME, measures its RSS with one connection, opens
// N more (challenge → connect → hello-ok), idles past a tick, measures again, and writes the figures to
// bench/RESULTS.md (section "Control plane").
var connections = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5000;
var root = FindRepoRoot();
var gatewayDll = new[] { "Release", "Debug" }.Select(c => Path.Combine(root, "OpenClaw.Gateway", "bin", c, "net10.0", "OpenClaw.Gateway.dll")).First(File.Exists);
var home = Directory.CreateTempSubdirectory("openclaw-bench-").FullName;
Directory.CreateDirectory(Path.Combine(home, ".openclaw"));
File.WriteAllText(Path.Combine(home, ".openclaw", "openclaw.json"), """{ gateway: { mode: "local", auth: { mode: "token" } } }""");
const string token = "bench-token";
var port = FreePort();

var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
foreach (var a in new[] { gatewayDll, "--port", port.ToString(CultureInfo.InvariantCulture) })
{
    info.ArgumentList.Add(a);
}

info.Environment["HOME"] = home;
info.Environment["OPENCLAW_STATE_DIR"] = Path.Combine(home, ".openclaw");
info.Environment["OPENCLAW_GATEWAY_TOKEN"] = token;
info.Environment["Logging__LogLevel__Default"] = "Warning";
using var gateway = Process.Start(info)!;
gateway.OutputDataReceived += (_, _) => { };
gateway.ErrorDataReceived += (_, _) => { };
gateway.BeginOutputReadLine();
gateway.BeginErrorReadLine();
var sockets = new List<ClientWebSocket>();
try
{
    await WaitForHealthAsync(port);
    sockets.Add(await ConnectAsync(port, token));
    await Task.Delay(TimeSpan.FromSeconds(5));
    var baseline = RssBytes(gateway.Id);
    var started = Stopwatch.StartNew();
    for (var batch = 0; batch < connections; batch += 100)
    {
        var opened = await Task.WhenAll(Enumerable.Range(0, Math.Min(100, connections - batch)).Select(_ => ConnectAsync(port, token)));
        sockets.AddRange(opened);
    }

    var connectSeconds = started.Elapsed.TotalSeconds;
    await Task.Delay(TimeSpan.FromSeconds(20)); // idle past a tick (15 s)
    var loaded = RssBytes(gateway.Id);
    var open = sockets.Count(s => s.State == WebSocketState.Open);
    var extraMb = (loaded - baseline) / 1024.0 / 1024.0;
    var perConnectionKb = (loaded - baseline) / 1024.0 / connections;
    var verdict = extraMb <= 100 ? "PASS" : "FAIL";
    Console.WriteLine($"connections={connections} open={open} baselineRss={baseline / 1048576.0:F1}MB loadedRss={loaded / 1048576.0:F1}MB extra={extraMb:F1}MB ({perConnectionKb:F1} KB/connection) connect={connectSeconds:F1}s {verdict}");
    WriteResults(root, connections, open, baseline, loaded, extraMb, perConnectionKb, connectSeconds, verdict, Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(gatewayDll))!));
    return extraMb <= 100 && open == sockets.Count ? 0 : 1;
}
finally
{
    foreach (var socket in sockets)
    {
        socket.Abort();
        socket.Dispose();
    }

    gateway.Kill(entireProcessTree: true);
    await gateway.WaitForExitAsync();
    Directory.Delete(home, recursive: true);
}

static async Task<ClientWebSocket> ConnectAsync(int port, string token)
{
    var socket = new ClientWebSocket();
    socket.Options.KeepAliveInterval = TimeSpan.Zero;
    await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}"), CancellationToken.None);
    var buffer = new byte[64 * 1024];
    await socket.ReceiveAsync(buffer, CancellationToken.None); // connect.challenge
    var connect = JsonSerializer.SerializeToUtf8Bytes(new
    {
        type = "req",
        id = "c1",
        method = "connect",
        @params = new
        {
            minProtocol = 4,
            maxProtocol = 4,
            client = new { id = "cli", version = "bench", platform = "linux", mode = "cli" },
            role = "operator",
            scopes = new[] { "operator.read" },
            auth = new { token },
        },
    });
    await socket.SendAsync(connect, WebSocketMessageType.Text, true, CancellationToken.None);
    using var hello = new MemoryStream();
    ValueWebSocketReceiveResult result;
    do
    {
        result = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
        hello.Write(buffer, 0, result.Count);
    }
    while (!result.EndOfMessage);

    if (!Encoding.UTF8.GetString(hello.ToArray()).Contains("\"hello-ok\"", StringComparison.Ordinal))
    {
        throw new InvalidOperationException("connect refused: " + Encoding.UTF8.GetString(hello.ToArray()));
    }

    return socket;
}

static long RssBytes(int pid) =>
    File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
        .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024).First();

static async Task WaitForHealthAsync(int port)
{
    using var http = new HttpClient();
    for (var i = 0; i < 240; i++)
    {
        try
        {
            if ((await http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"))).IsSuccessStatusCode)
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
            // not up yet
        }

        await Task.Delay(250);
    }

    throw new TimeoutException("gateway did not start");
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

static string FindRepoRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OpenClaw.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? throw new InvalidOperationException("run from inside the repository");
}

static void WriteResults(string root, int connections, int open, long baseline, long loaded, double extraMb, double perConnectionKb,
    double connectSeconds, string verdict, string configuration)
{
    const string begin = "<!-- control-plane:begin -->";
    const string end = "<!-- control-plane:end -->";
    var section = $"""
        {begin}
        ## Control plane: {connections:N0} idle authenticated WebSocket connections

        Measured by `dotnet run -c Release --project bench/control-plane -- {connections}`: the real gateway process ({configuration} build,
        token auth, no Redis) in a throw-away HOME; RSS from `/proc/<pid>/status` with one connection, then after opening
        {connections:N0} more (challenge → connect → hello-ok each) and idling 20 s (past a 15 s tick).

        | Machine | Date (UTC) | Open | RSS before | RSS after | Extra | Per connection | Connect time | Target ≤ 100 MB |
        |---|---|---|---|---|---|---|---|---|
        | {Environment.ProcessorCount} cores, {Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1073741824.0)} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version} | {DateTime.UtcNow:yyyy-MM-dd HH:mm} | {open:N0} | {baseline / 1048576.0:F1} MB | {loaded / 1048576.0:F1} MB | {extraMb:F1} MB | {perConnectionKb:F1} KB | {connectSeconds:F1} s | {verdict} |
        {end}
        """;
    var path = Path.Combine(root, "bench", "RESULTS.md");
    var text = File.Exists(path) ? File.ReadAllText(path) : "# Benchmark results\n";
    var from = text.IndexOf(begin, StringComparison.Ordinal);
    var to = text.IndexOf(end, StringComparison.Ordinal);
    text = from >= 0 && to > from ? text[..from] + section.Trim() + text[(to + end.Length)..] : text.TrimEnd() + "\n\n" + section.Trim() + "\n";
    File.WriteAllText(path, text);
}
