using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OpenClaw.Bench.SideBySide;

/// <summary>
/// Turns bench/results/side-by-side.json and the pipeline benches' logs into the markdown tables (medians with the spread,
/// ratio, target, met/missed) and writes them into this suite's section of bench/RESULTS.md and into results/summary.md.
/// </summary>
internal static partial class Report
{
    private const string Begin = "<!-- side-by-side:begin -->";
    private const string End = "<!-- side-by-side:end -->";

    private enum Better
    {
        Lower,
        Higher,
    }

    /// <summary>One table row; <paramref name="Factor"/> is the target ratio (e.g. 30 = ours 30× better), null = no target.</summary>
    private sealed record Row(string Label, string Metric, string Unit, Better Better, double? Factor, string TargetText = "");

    private static readonly Row[] Rows =
    [
        new("Start → ready (process start to a protocol client's `health` answered)", "startSeconds", "s", Better.Lower, 10, "≤ 1/10"),
        new("Idle RSS, whole process tree", "idleRssMb", "MB", Better.Lower, 8, "≤ 1/8"),
        new("RSS after the turn target (turns done: see n below)", "rssAfterTurnsMb", "MB", Better.Lower, null, "—"),
        new("`chat.send` → final, p50 (instant model)", "ws.instant.s1.p50Ms", "ms", Better.Lower, 30, "≤ 1/30"),
        new("`chat.send` → final, p99 (instant model)", "ws.instant.s1.p99Ms", "ms", Better.Lower, 30, "≤ 1/30"),
        new("`chat.send` turns/s, 1 session", "ws.instant.s1.turnsPerSec", "/s", Better.Higher, 30, "≥ 30×"),
        new("`chat.send` turns/s, 8 parallel sessions", "ws.instant.s8.turnsPerSec", "/s", Better.Higher, 30, "≥ 30×"),
        new("`chat.send` turns/s, 64 parallel sessions", "ws.instant.s64.turnsPerSec", "/s", Better.Higher, 30, "≥ 30×"),
        new("`/v1/chat/completions` latency, p50 (instant model)", "http.instant.s1.p50Ms", "ms", Better.Lower, 30, "≤ 1/30"),
        new("`/v1/chat/completions` latency, p99 (instant model)", "http.instant.s1.p99Ms", "ms", Better.Lower, 30, "≤ 1/30"),
        new("`/v1/chat/completions` turns/s, 1 session", "http.instant.s1.turnsPerSec", "/s", Better.Higher, 30, "≥ 30×"),
        new("`/v1/chat/completions` turns/s, 8 parallel sessions", "http.instant.s8.turnsPerSec", "/s", Better.Higher, 30, "≥ 30×"),
        new("`/v1/chat/completions` turns/s, 64 parallel sessions", "http.instant.s64.turnsPerSec", "/s", Better.Higher, 30, "≥ 30×"),
        new("`chat.send` → final, p50 (model answers after 50 ms)", "ws.model50.s1.p50Ms", "ms", Better.Lower, null, "— (model-bound)"),
        new("`chat.send` → final, p99 (model answers after 50 ms)", "ws.model50.s1.p99Ms", "ms", Better.Lower, null, "— (model-bound)"),
        new("`/v1/chat/completions` p50 (model answers after 50 ms)", "http.model50.s1.p50Ms", "ms", Better.Lower, null, "— (model-bound)"),
        new("`/v1/chat/completions` p99 (model answers after 50 ms)", "http.model50.s1.p99Ms", "ms", Better.Lower, null, "— (model-bound)"),
        new("Idle WebSocket connections held (of those attempted)", "idleConn.held", "", Better.Higher, null, "—"),
        new("RSS growth for the connections each side held (not comparable when the counts differ)", "idleConn.extraMb", "MB", Better.Lower, null, "—"),
        new("Memory per idle connection (RSS growth ÷ connections held)", "idleConn.perConnKb", "KB", Better.Lower, 8, "≤ 1/8"),
    ];

    public static void Write(string repo, string outDir)
    {
        var sideBySidePath = Path.Combine(outDir, "side-by-side.json");
        var markdown = new StringBuilder();
        if (File.Exists(sideBySidePath))
        {
            var doc = JsonSerializer.Deserialize<SideBySideDocument>(File.ReadAllText(sideBySidePath), SideBySideDocument.Json)!;
            SideBySide(markdown, doc);
        }
        else
        {
            markdown.AppendLine($"No side-by-side results in {sideBySidePath}: run bench/run.sh first.").AppendLine();
        }

        Pipeline(markdown, outDir);
        Micro(markdown, outDir);
        File.WriteAllText(Path.Combine(outDir, "summary.md"), markdown.ToString());
        var resultsMd = Path.Combine(repo, "bench", "RESULTS.md");
        var existing = File.Exists(resultsMd) ? File.ReadAllText(resultsMd) : "# Benchmarks\n";
        var section = $"{Begin}\n## Side by side: upstream OpenClaw vs ours (bench/run.sh)\n\n{markdown.ToString().TrimEnd()}\n{End}";
        var begin = existing.IndexOf(Begin, StringComparison.Ordinal);
        var end = existing.IndexOf(End, StringComparison.Ordinal);
        var updated = begin >= 0 && end > begin
            ? existing[..begin] + section + existing[(end + End.Length)..]
            : existing.TrimEnd() + "\n\n" + section + "\n";
        var temp = resultsMd + ".tmp";
        File.WriteAllText(temp, updated);
        File.Move(temp, resultsMd, overwrite: true);
        Console.WriteLine(markdown.ToString());
        Console.WriteLine($"updated {resultsMd} and {Path.Combine(outDir, "summary.md")}");
    }

    private static void SideBySide(StringBuilder md, SideBySideDocument doc)
    {
        var upstream = doc.Systems.FirstOrDefault(s => s.Name == "upstream");
        var ours = doc.Systems.FirstOrDefault(s => s.Name == "ours");
        var m = doc.Machine;
        md.AppendLine(Inv($"Measured {doc.Date:yyyy-MM-dd HH:mm} UTC ({doc.Mode} mode, {doc.Seconds / 60:F1} min) on {m.GetValueOrDefault("cores")} cores / {m.GetValueOrDefault("memoryGiB")} GiB ")
            + $"({m.GetValueOrDefault("cpu")}), {m.GetValueOrDefault("os")}, {m.GetValueOrDefault("dotnet")}, Node {doc.Options.GetValueOrDefault("nodeVersion")}. "
            + $"Load average (1/5/15 min) {doc.LoadAverageBefore} before, {doc.LoadAverageAfter} after.");
        md.AppendLine();
        md.AppendLine($"Versions: upstream **{upstream?.Version ?? "not run"}**; ours **{ours?.Version ?? "not run"}**.");
        md.AppendLine();
        md.AppendLine("Each cell: median (min–max) [n samples]. Ratio = how many times better ours is (upstream ÷ ours for times and memory, "
            + "ours ÷ upstream for throughput). Targets from issue #13: latency ≤ 1/30, throughput ≥ 30×, idle memory ≤ 1/8, start ≤ 1/10.");
        md.AppendLine();
        md.AppendLine("| Measure | Upstream | Ours | Ratio | Target | Met? |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var row in Rows)
        {
            var u = Stats(upstream, row.Metric);
            var o = Stats(ours, row.Metric);
            string ratio = "—", met = row.Factor is null ? "—" : "n/a (no data)";
            if (u is not null && o is not null && u.Median > 0 && o.Median > 0)
            {
                var times = row.Better == Better.Lower ? u.Median / o.Median : o.Median / u.Median;
                ratio = times is > 0.95 and < 1.05 ? "≈ same" : times >= 1 ? Inv($"{times:0.#}× better") : Inv($"{1 / times:0.#}× worse");
                if (row.Factor is { } factor)
                {
                    met = times >= factor ? "**met**" : "**missed**";
                }
            }

            md.AppendLine($"| {row.Label} | {Cell(u, row.Unit)} | {Cell(o, row.Unit)} | {ratio} | {row.TargetText} | {met} |");
        }

        md.AppendLine();
        foreach (var system in new[] { upstream, ours }.OfType<SystemResult>())
        {
            var turns = Stats(system, "turnsAtRss");
            var attempted = Stats(system, "idleConn.attempted");
            md.AppendLine(Inv($"- {system.Name}: RSS read after {turns?.Median ?? 0:0} turns (target {doc.Options.GetValueOrDefault("turnTarget")}); ")
                + Inv($"{attempted?.Median ?? 0:0} idle connections attempted; process tree of {system.Samples.GetValueOrDefault("processes")?.Max() ?? 0:0}; load average during its runs: {string.Join(", ", system.LoadAverages.Select(l => l.Split(' ')[0]))}."));
            foreach (var note in system.Notes.Take(12))
            {
                md.AppendLine($"  - {note}");
            }
        }

        md.AppendLine();
        md.AppendLine("How it is measured: both gateways run from the same config (token auth, loopback, `models.providers.fake` → one fake "
            + "OpenAI-compatible server on loopback answering \"ok\" at once or after 50 ms, `gateway.http.endpoints.chatCompletions.enabled`, "
            + "`agents.defaults.maxConcurrent: 64`), each in a throw-away HOME, ours without Redis (in-process mode). Both are driven by our "
            + "protocol client (OpenClaw.GatewayClient: `connect` with the token and a signed device identity) — `chat.send` then wait for the "
            + "run's `chat` event with `state: \"final\"` — and by plain HTTP for `/v1/chat/completions` (non-streaming, `x-openclaw-session-key`). "
            + "Conversations rotate every 20 turns. Start → ready, idle RSS: separate fresh starts. Latency/throughput: on the last start, after "
            + "a warm-up, each measurement runs for a fixed time (at least one turn per session), repeated and interleaved; a measurement that "
            + "used up its time budget is not repeated, so the slow side may have fewer samples (n). RSS: sum of VmRSS over the gateway's "
            + "process tree (upstream runs helper processes). Idle connections: a fresh start, N `connect` handshakes in batches of 20, 20 s idle.");
        md.AppendLine();
        md.AppendLine("**These figures were taken on a shared 2-core machine with other builds running (see the load average): they are noisy "
            + "and pessimistic for both sides. Re-run `bench/run.sh` on a quiet machine before quoting them.**");
        md.AppendLine();
    }

    private sealed record Stat(double Median, double Min, double Max, int N);

    private static Stat? Stats(SystemResult? system, string metric)
    {
        if (system?.Samples.GetValueOrDefault(metric) is not { Count: > 0 } values)
        {
            return null;
        }

        var sorted = values.Order().ToList();
        var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        return new Stat(median, sorted[0], sorted[^1], sorted.Count);
    }

    private static string Cell(Stat? s, string unit) => s is null
        ? "n/a"
        : s.N == 1 ? $"{Num(s.Median)} {unit} [1]" : $"{Num(s.Median)} {unit} ({Num(s.Min)}–{Num(s.Max)}) [{s.N}]";

    private static string Num(double v) => Math.Abs(v) >= 100 ? Inv($"{v:0}") : Math.Abs(v) >= 10 ? Inv($"{v:0.0}") : Inv($"{v:0.00}");

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static void Pipeline(StringBuilder md, string outDir)
    {
        var figures = new Dictionary<string, object>();
        md.AppendLine("### Our pipeline (no upstream equivalent run here)");
        md.AppendLine();
        md.AppendLine("| Measure | Result | Source |");
        md.AppendLine("|---|---|---|");
        var channels = Read(outDir, "channels.txt");
        if (channels is not null && ThroughputRegex().Match(channels) is { Success: true } tput && RoundTripRegex().Match(channels) is { Success: true } rt)
        {
            var offered = OfferedRegex().Match(channels);
            figures["channelsMsgsPerSec"] = double.Parse(tput.Groups[1].Value, CultureInfo.InvariantCulture);
            figures["channelsP50Ms"] = double.Parse(rt.Groups[1].Value, CultureInfo.InvariantCulture);
            figures["channelsP99Ms"] = double.Parse(rt.Groups[3].Value, CultureInfo.InvariantCulture);
            md.AppendLine($"| Channel round trip, fake Telegram → worker → Redis → gateway → reply (full mode{(offered.Success ? ", " + offered.Groups[1].Value : "")}) | {tput.Groups[1].Value} msg/s; p50 {rt.Groups[1].Value} ms, p99 {rt.Groups[3].Value} ms | bench/channels |");
        }
        else
        {
            md.AppendLine("| Channel round trip (fake Telegram) | not run | bench/channels |");
        }

        var sandbox = Read(outDir, "sandbox.txt");
        if (sandbox is not null && SandboxRowRegex().Matches(sandbox) is { Count: >= 3 } rows)
        {
            foreach (Match row in rows)
            {
                md.AppendLine($"| Sandbox: {row.Groups[1].Value.Trim()} | p50 {row.Groups[2].Value} ms, p90 {row.Groups[3].Value} ms, p99 {row.Groups[4].Value} ms | bench/sandbox |");
            }

            if (SandboxRatioRegex().Match(sandbox) is { Success: true } ratio)
            {
                figures["sandboxWarmVsDockerExecP50"] = double.Parse(ratio.Groups[1].Value, CultureInfo.InvariantCulture);
                md.AppendLine($"| Sandbox warm exec ÷ `docker exec sh -lc` at p50 | {ratio.Groups[1].Value} (target ≤ 0.5: {(double.Parse(ratio.Groups[1].Value, CultureInfo.InvariantCulture) <= 0.5 ? "**met**" : "**missed**")}) | bench/sandbox |");
            }
        }
        else
        {
            md.AppendLine($"| Sandbox warm exec vs `docker exec` | not run{(sandbox is null ? "" : " (see results/sandbox.txt)")} | bench/sandbox |");
        }

        var apphost = Read(outDir, "apphost.txt");
        var starts = apphost is null ? [] : AppHostRegex().Matches(apphost).Select(x => (Mode: x.Groups[1].Value, Seconds: x.Groups[2].Value)).ToList();
        if (starts.Count > 0)
        {
            foreach (var group in starts.GroupBy(s => s.Mode))
            {
                figures[$"apphost.{group.Key}Seconds"] = group.Select(g => double.Parse(g.Seconds, CultureInfo.InvariantCulture)).ToList();
                md.AppendLine($"| AppHost {group.Key} start to all resources Running | {string.Join(", ", group.Select(g => g.Seconds + " s"))} | bench/apphost-startup.sh |");
            }
        }
        else
        {
            md.AppendLine("| AppHost cold start | not run (pass `--apphost` to bench/run.sh; slow) | bench/apphost-startup.sh |");
        }

        md.AppendLine();
        File.WriteAllText(Path.Combine(outDir, "pipeline.json"), JsonSerializer.Serialize(figures, SideBySideDocument.Json));
    }

    private static void Micro(StringBuilder md, string outDir)
    {
        var dir = Path.Combine(outDir, "micro");
        var reports = Directory.Exists(dir) ? Directory.GetFiles(dir, "*-report-github.md").Order(StringComparer.Ordinal).ToList() : [];
        if (reports.Where(r => r.Contains("-joined-", StringComparison.Ordinal)).ToList() is { Count: > 0 } joined)
        {
            reports = [joined[^1]]; // ConfigOptions.JoinSummary: one table for every class
        }

        md.AppendLine("### Micro-benchmarks (BenchmarkDotNet, bench/OpenClaw.Benchmarks)");
        md.AppendLine();
        if (reports.Count == 0)
        {
            md.AppendLine("Not run in this pass (`bench/run.sh --micro`, or `dotnet run -c Release --project bench/OpenClaw.Benchmarks`).");
            md.AppendLine();
            return;
        }

        foreach (var report in reports)
        {
            var name = Path.GetFileName(report).Replace("-report-github.md", "", StringComparison.Ordinal);
            md.AppendLine(name.Contains("-joined-", StringComparison.Ordinal) ? "All classes, one job:" : $"**{name.Split('.').Last()}**").AppendLine();
            // Keep the table; BenchmarkDotNet's environment header is the same for every class and is summarised above.
            md.AppendLine("```").AppendLine(string.Join('\n', File.ReadAllLines(report).TakeWhile(l => !l.StartsWith('|')).Where(l => l.Trim().Length > 0 && !l.StartsWith("```", StringComparison.Ordinal)))).AppendLine("```").AppendLine();
            md.AppendLine(string.Join('\n', File.ReadAllLines(report).SkipWhile(l => !l.StartsWith('|')).Select(l => l.Replace("&#39;", "'", StringComparison.Ordinal)))).AppendLine();
        }
    }

    private static string? Read(string dir, string file) => File.Exists(Path.Combine(dir, file)) ? File.ReadAllText(Path.Combine(dir, file)) : null;

    [GeneratedRegex(@"throughput: (\d+) msg/s")]
    private static partial Regex ThroughputRegex();

    [GeneratedRegex(@"round trip ms: p50 ([\d.]+), p90 ([\d.]+), p99 ([\d.]+)")]
    private static partial Regex RoundTripRegex();

    [GeneratedRegex(@"offered: (\d+ msg/s for \d+ s over \d+ chats)")]
    private static partial Regex OfferedRegex();

    [GeneratedRegex(@"^\| (.+?) \| ([\d.]+) \| ([\d.]+) \| ([\d.]+) \|$", RegexOptions.Multiline)]
    private static partial Regex SandboxRowRegex();

    [GeneratedRegex(@"ratio ours / CLI \(p50\): ([\d.]+)")]
    private static partial Regex SandboxRatioRegex();

    [GeneratedRegex(@"^(cold|warm|no-build)\s+all Running after\s+([\d.]+) s", RegexOptions.Multiline)]
    private static partial Regex AppHostRegex();
}
