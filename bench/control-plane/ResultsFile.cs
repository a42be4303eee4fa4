using System.Runtime.InteropServices;

/// <summary>Rewrites the control-plane section of bench/RESULTS.md (between its markers) with this run's figures.</summary>
internal static class ResultsFile
{
    private const string Begin = "<!-- control-plane:begin -->";
    private const string End = "<!-- control-plane:end -->";

    public static void Write(string root, int connections, IReadOnlyList<RunResult> results, RunResult median, bool passed, string configuration,
        IReadOnlyDictionary<string, string> extraEnv)
    {
        var machine = $"{Environment.ProcessorCount} cores, {Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1073741824.0)} GiB, "
            + $"{RuntimeInformation.OSDescription}, .NET {Environment.Version}";
        var env = extraEnv.Count == 0 ? "" : " Gateway environment: " + string.Join(", ", extraEnv.Select(e => $"`{e.Key}={e.Value}`")) + ".";
        var rows = string.Join("\n", results.Select(r =>
            $"| {r.Run} | {r.LoadAverage:F1} | {r.Open:N0} | {RunResult.Mb(r.Baseline.RssBytes)} MB | {RunResult.Mb(r.Loaded.RssBytes)} MB | "
            + $"**{RunResult.Mb(r.ExtraBytes)} MB** | {r.ExtraBytes / 1024.0 / connections:F1} KB | "
            + $"{(r.Loaded.ManagedHeapBytes - r.Baseline.ManagedHeapBytes) / 1024.0 / connections:F1} KB | {r.ConnectSeconds:F1} s |"));
        var section = $"""
            {Begin}
            ## Control plane: {connections:N0} idle authenticated WebSocket connections

            Command: `dotnet run -c Release --project bench/control-plane -- {connections} --runs {results.Count}`. Each run starts the real
            gateway ({configuration} build, token auth, no Redis) in a throw-away HOME, opens one connection, forces a full GC in it
            (EventPipe GCHeapCollect, as dotnet-gcdump does), waits 3 s and reads RSS from `/proc/<pid>/status`; then opens
            {connections:N0} more (challenge → connect → hello-ok each), idles 20 s (past a 15 s tick, clients reading their ticks),
            forces a full GC again, waits 3 s and reads RSS.{env}

            Machine: {machine}. Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.

            | Run | Load avg (1 min) | Open | RSS before | RSS after | Extra | Per connection | Managed heap per connection | Connect time |
            |---|---|---|---|---|---|---|---|---|
            {rows}

            **Median extra: {RunResult.Mb(median.ExtraBytes)} MB** for {connections:N0} connections — target ≤ 100 MB: **{(passed ? "met" : "missed")}**.
            {End}
            """;
        var path = Path.Combine(root, "bench", "RESULTS.md");
        var text = File.Exists(path) ? File.ReadAllText(path) : "# Benchmark results\n";
        var from = text.IndexOf(Begin, StringComparison.Ordinal);
        var to = text.IndexOf(End, StringComparison.Ordinal);
        text = from >= 0 && to > from ? text[..from] + section.Trim() + text[(to + End.Length)..] : text.TrimEnd() + "\n\n" + section.Trim() + "\n";
        File.WriteAllText(path, text);
    }
}
