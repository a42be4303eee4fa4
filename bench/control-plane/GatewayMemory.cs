using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

/// <summary>What the gateway process holds: resident memory from /proc and its managed heap after a full GC.</summary>
internal sealed record MemorySample(long RssBytes, long AnonBytes, long FileBytes, long ManagedHeapBytes);

internal static class GatewayMemory
{
    /// <summary>
    /// Forces a full blocking GC in the gateway (the EventPipe GCHeapCollect keyword, as dotnet-gcdump does),
    /// waits for freed memory to be returned to the OS, then reads RSS. Garbage left by the handshakes
    /// would otherwise count as "per connection" until the next GC happens to run.
    /// </summary>
    public static async Task<MemorySample> SampleAfterGcAsync(int pid, TimeSpan settle)
    {
        var heap = await InduceGcAsync(pid);
        await Task.Delay(settle);
        var (rss, anon, file) = ReadRss(pid);
        return new MemorySample(rss, anon, file, heap);
    }

    private static async Task<long> InduceGcAsync(int pid)
    {
        var client = new DiagnosticsClient(pid);
        var keywords = (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.GCHeapCollect);
        using var session = client.StartEventPipeSession(
            new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, keywords), requestRundown: false);
        using var source = new EventPipeEventSource(session.EventStream);
        var heap = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var inducedFullGc = false;
        source.Clr.GCStart += e => inducedFullGc |= e.Depth == 2 && e.Reason is GCReason.Induced or GCReason.InducedNotForced or GCReason.InducedLowMemory;
        source.Clr.GCHeapStats += e =>
        {
            if (inducedFullGc)
            {
                heap.TrySetResult(e.TotalHeapSize);
            }
        };
        var processing = Task.Run(source.Process);
        var finished = await Task.WhenAny(heap.Task, Task.Delay(TimeSpan.FromSeconds(30)));
        await session.StopAsync(CancellationToken.None);
        await processing;
        return finished == heap.Task ? heap.Task.Result : throw new TimeoutException("the gateway did not report an induced GC");
    }

    private static (long Rss, long Anon, long File) ReadRss(int pid)
    {
        long Field(string name) => File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith(name, StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024).First();
        return (Field("VmRSS:"), Field("RssAnon:"), Field("RssFile:") + Field("RssShmem:"));
    }

    public static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
}
