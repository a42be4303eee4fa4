using System.Diagnostics;
using System.Globalization;
using OpenClaw.GatewayClient;

namespace OpenClaw.Bench.SideBySide;

/// <summary>Raw figures of one system: metric name → one value per run (medians and spread are taken in the report).</summary>
internal sealed class SystemResult
{
    public required string Name { get; init; }

    public required string Version { get; init; }

    public Dictionary<string, List<double>> Samples { get; init; } = new(StringComparer.Ordinal);

    public List<string> Notes { get; init; } = [];

    public List<string> LoadAverages { get; init; } = [];

    public void Add(string metric, double value)
    {
        if (!double.IsNaN(value))
        {
            (Samples.TryGetValue(metric, out var list) ? list : Samples[metric] = []).Add(Math.Round(value, 3));
        }
    }
}

/// <summary>
/// Runs every measurement against one gateway: <see cref="BenchOptions.Runs"/> fresh starts (start → ready, idle RSS,
/// chat.send and /v1/chat/completions latency and throughput with an instant and a 50 ms model), then the top-up to
/// the turn target on the last start, then the idle-connection test on one more fresh start.
/// </summary>
internal sealed class SystemBench(GatewaySystem system, FakeModel model, BenchOptions options, string identityDir)
{
    private static readonly TimeSpan ModelLatency = TimeSpan.FromMilliseconds(50);
    private readonly IDeviceIdentityStore _identity = FileDeviceIdentityStore.InStateDir(identityDir);
    private readonly SystemResult _result = new() { Name = system.Name, Version = system.Version };

    public async Task<SystemResult> RunAsync(CancellationToken cancellationToken)
    {
        // Starts 1..N-1: start → ready and idle RSS only; start N stays up for the turn measurements.
        for (var start = 1; start <= options.Runs; start++)
        {
            Console.WriteLine($"[{system.Name}] start {start}/{options.Runs} (load {LoadAverage()})");
            _result.LoadAverages.Add(LoadAverage());
            try
            {
                await using var gateway = await StartMeasuredAsync(cancellationToken);
                if (start == options.Runs)
                {
                    await TurnsAsync(gateway, cancellationToken);
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                _result.Notes.Add($"start {start} failed: {ex.Message}");
                Console.WriteLine($"[{system.Name}] start {start} FAILED: {ex.Message}");
            }
        }

        try
        {
            await IdleConnectionsAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            _result.Notes.Add($"idle connections failed: {ex.Message}");
            Console.WriteLine($"[{system.Name}] idle connections FAILED: {ex.Message}");
        }

        _result.LoadAverages.Add(LoadAverage());
        return _result;
    }

    private async Task<GatewayUnderTest> StartMeasuredAsync(CancellationToken cancellationToken)
    {
        model.Latency = TimeSpan.Zero;
        var gateway = GatewayUnderTest.Start(system, model.BaseUrl);
        try
        {
            _result.Add("startSeconds", await WaitReadyAsync(gateway, cancellationToken));
            await Task.Delay(options.Quick ? 3000 : 5000, cancellationToken);
            _result.Add("idleRssMb", gateway.TreeRssMb());
            _result.Add("idleMainRssMb", gateway.MainRssMb());
            _result.Add("processes", gateway.TreeProcessCount());
            Console.WriteLine(FormattableString.Invariant($"[{system.Name}]   idle RSS {gateway.TreeRssMb():F0} MB ({gateway.TreeProcessCount()} processes)"));
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    private sealed record Measurement(string Metric, IChatDriver Driver, int Sessions, TimeSpan ModelLatency);

    /// <summary>
    /// Every measurement repeated <see cref="BenchOptions.Runs"/> times, interleaved (repetition 1 of all, then 2, ...) so
    /// background load hits them alike; a measurement that has used up its time budget is not repeated (a slow system gets
    /// fewer samples, and the report shows n).
    /// </summary>
    private async Task TurnsAsync(GatewayUnderTest gateway, CancellationToken cancellationToken)
    {
        await using var ws = await WsChatDriver.ConnectAsync(gateway.WsUrl, _identity, cancellationToken);
        await using var http = new HttpChatDriver(gateway.HttpUrl);
        var turns = 0;

        // Warm-up: first turns pay for JIT / lazy module loading on both systems.
        turns += (await Measure.SequentialAsync(ws, "warm-ws", TimeSpan.Zero, 10, cancellationToken)).Turns;
        turns += (await Measure.SequentialAsync(http, "warm-http", TimeSpan.Zero, 10, cancellationToken)).Turns;
        turns += (await Measure.ParallelAsync(ws, "warm-par", 8, TimeSpan.Zero, 8, cancellationToken)).Turns;

        Measurement[] measurements =
        [
            new("ws.instant.s1", ws, 1, TimeSpan.Zero), new("ws.instant.s8", ws, 8, TimeSpan.Zero), new("ws.instant.s64", ws, 64, TimeSpan.Zero),
            new("http.instant.s1", http, 1, TimeSpan.Zero), new("http.instant.s8", http, 8, TimeSpan.Zero), new("http.instant.s64", http, 64, TimeSpan.Zero),
            new("ws.model50.s1", ws, 1, ModelLatency), new("http.model50.s1", http, 1, ModelLatency),
        ];
        var spent = measurements.ToDictionary(m => m.Metric, _ => TimeSpan.Zero);
        for (var rep = 1; rep <= options.Runs; rep++)
        {
            Console.WriteLine($"[{system.Name}] repetition {rep}/{options.Runs} (load {LoadAverage()})");
            foreach (var m in measurements.Where(m => rep == 1 || spent[m.Metric] < options.MeasureBudget))
            {
                model.Latency = m.ModelLatency;
                var outcome = m.Sessions == 1
                    ? await Measure.SequentialAsync(m.Driver, $"{m.Metric}-{rep}", options.Duration, options.MinSequentialTurns, cancellationToken)
                    : await Measure.ParallelAsync(m.Driver, $"{m.Metric}-{rep}", m.Sessions, options.Duration, 1, cancellationToken);
                spent[m.Metric] += TimeSpan.FromSeconds(outcome.Seconds);
                turns += outcome.Turns;
                Record(m, rep, outcome);
            }
        }

        model.Latency = TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        while (turns < options.TurnTarget && clock.Elapsed < options.TurnTargetCap)
        {
            var slice = await Measure.ParallelAsync(ws, $"fill-{turns}", 8, TimeSpan.FromSeconds(3), 1, cancellationToken);
            turns += slice.Turns;
            if (slice.Errors > 0)
            {
                _result.Notes.Add($"top-up to {options.TurnTarget} turns: {slice.Errors} failed turns (first: {slice.FirstError})");
                break;
            }
        }

        await Task.Delay(2000, cancellationToken);
        _result.Add("turnsAtRss", turns);
        _result.Add("rssAfterTurnsMb", gateway.TreeRssMb());
        Console.WriteLine(FormattableString.Invariant($"[{system.Name}]   RSS after {turns} turns: {gateway.TreeRssMb():F0} MB"));
        if (turns < options.TurnTarget)
        {
            _result.Notes.Add($"RSS after turns: {turns} of {options.TurnTarget} turns done within the {options.TurnTargetCap.TotalSeconds:0} s top-up cap");
        }
    }

    private void Record(Measurement m, int rep, Measure.Outcome outcome)
    {
        if (outcome.Errors > 0)
        {
            _result.Notes.Add($"{m.Metric} repetition {rep}: {outcome.Errors} failed turns (first: {outcome.FirstError})");
        }

        if (outcome.Turns > 0)
        {
            _result.Add($"{m.Metric}.turnsPerSec", outcome.TurnsPerSecond);
            if (m.Sessions == 1)
            {
                _result.Add($"{m.Metric}.p50Ms", Measure.Percentile(outcome.LatenciesMs, 0.50));
                _result.Add($"{m.Metric}.p99Ms", Measure.Percentile(outcome.LatenciesMs, 0.99));
            }
        }

        Console.WriteLine(FormattableString.Invariant(
            $"[{system.Name}]   {m.Metric,-18} {outcome.Turns,6} turns in {outcome.Seconds,5:F1} s {outcome.TurnsPerSecond,8:F1}/s p50 {Measure.Percentile(outcome.LatenciesMs, 0.5),8:F1} ms p99 {Measure.Percentile(outcome.LatenciesMs, 0.99),8:F1} ms errors {outcome.Errors}"));
    }

    /// <summary>Start → ready: process start until a protocol client connects and <c>health</c> answers.</summary>
    private async Task<double> WaitReadyAsync(GatewayUnderTest gateway, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (gateway.HasExited)
            {
                throw new InvalidOperationException($"{system.Name} gateway exited during start:\n{gateway.Log}");
            }

            try
            {
                await using var probe = await WsChatDriver.Connect(gateway.WsUrl, _identity, ["operator.read"], cancellationToken);
                await probe.RequestAsync("health", new { }, cancellationToken);
                var seconds = clock.Elapsed.TotalSeconds;
                Console.WriteLine(FormattableString.Invariant($"[{system.Name}]   ready after {seconds:F2} s"));
                return seconds;
            }
            catch (Exception ex) when (ex is GatewayException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                await Task.Delay(50, cancellationToken);
            }
        }

        throw new TimeoutException($"{system.Name} gateway not ready after 3 minutes:\n{gateway.Log}");
    }

    private async Task IdleConnectionsAsync(CancellationToken cancellationToken)
    {
        Console.WriteLine($"[{system.Name}] {options.IdleConnections} idle connections (load {LoadAverage()})");
        await using var gateway = GatewayUnderTest.Start(system, model.BaseUrl);
        await WaitReadyAsync(gateway, cancellationToken);
        var connections = new List<GatewayConnection>();
        try
        {
            connections.Add(await WsChatDriver.Connect(gateway.WsUrl, _identity, ["operator.read"], cancellationToken));
            await Task.Delay(options.Quick ? 3000 : 5000, cancellationToken);
            var baseline = gateway.TreeRssMb();
            var clock = Stopwatch.StartNew();
            string? failure = null;
            while (connections.Count - 1 < options.IdleConnections && clock.Elapsed < options.IdleConnectionsCap && failure is null)
            {
                var batch = Math.Min(20, options.IdleConnections - (connections.Count - 1));
                var opened = await Task.WhenAll(Enumerable.Range(0, batch).Select(async _ =>
                {
                    // A gateway may refuse a burst of handshakes (upstream answers 503 to too many at once): retry a few times.
                    for (var attempt = 1; ; attempt++)
                    {
                        try
                        {
                            return await WsChatDriver.Connect(gateway.WsUrl, _identity, ["operator.read"], cancellationToken);
                        }
                        catch (Exception ex) when (attempt < 5 && (ex is GatewayException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)))
                        {
                            await Task.Delay(200 * attempt, cancellationToken);
                        }
                        catch (Exception ex) when (ex is GatewayException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                        {
                            failure ??= ex.Message;
                            return null;
                        }
                    }
                }));
                connections.AddRange(opened.OfType<GatewayConnection>());
            }

            var connectSeconds = clock.Elapsed.TotalSeconds;
            await Task.Delay(options.IdleSettle, cancellationToken);
            var loaded = gateway.TreeRssMb();
            var held = connections.Count(c => !c.Closed.IsCompleted) - 1;
            _result.Add("idleConn.attempted", options.IdleConnections);
            _result.Add("idleConn.held", held);
            _result.Add("idleConn.baselineMb", baseline);
            _result.Add("idleConn.loadedMb", loaded);
            _result.Add("idleConn.extraMb", loaded - baseline);
            _result.Add("idleConn.perConnKb", held > 0 ? (loaded - baseline) * 1024 / held : double.NaN);
            _result.Add("idleConn.connectSeconds", connectSeconds);
            if (failure is not null || held < options.IdleConnections)
            {
                _result.Notes.Add($"idle connections: held {held} of {options.IdleConnections} (opened {connections.Count - 1} in {connectSeconds:F0} s{(failure is null ? "" : "; first refusal: " + failure)})");
            }

            Console.WriteLine(FormattableString.Invariant($"[{system.Name}]   held {held}: {baseline:F0} MB → {loaded:F0} MB (+{loaded - baseline:F0} MB), connect {connectSeconds:F1} s"));
        }
        finally
        {
            await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
