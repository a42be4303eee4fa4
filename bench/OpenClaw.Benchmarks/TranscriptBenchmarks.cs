using BenchmarkDotNet.Attributes;
using OpenClaw.Gateway.Sessions;

namespace OpenClaw.Benchmarks;

/// <summary>Appending one message to a session transcript (<c>&lt;sessionId&gt;.jsonl</c>, append + flush) on the real file system.</summary>
[MemoryDiagnoser]
public class TranscriptBenchmarks
{
    private string _dir = "";
    private FileSessionStore _store = null!;
    private long _n;

    [GlobalSetup]
    public void Setup()
    {
        _dir = Directory.CreateTempSubdirectory("openclaw-microbench-").FullName;
        _store = new FileSessionStore("main", _dir, TimeProvider.System);
        _store.GetOrCreateAsync("agent:main:bench").GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [Benchmark(Description = "append user message to transcript")]
    public Task<TranscriptEntry> Append() =>
        _store.AppendMessageAsync("agent:main:bench", TranscriptMessage.UserText("turn " + _n++, 1795450204349));
}
