namespace OpenClaw.AppHost.Orchestration;

/// <summary>
/// The last lines a resource wrote to stdout/stderr, numbered so readers can ask for "after n".
/// Bounded like the dashboard's MaxConsoleLogCount (10 000).
/// </summary>
public sealed class ConsoleLogBuffer(int capacity = 10_000)
{
    private readonly Queue<ConsoleLine> _lines = new();
    private readonly Lock _lock = new();
    private long _next = 1;

    public void Add(string text, bool isError)
    {
        lock (_lock)
        {
            _lines.Enqueue(new ConsoleLine(_next++, DateTimeOffset.UtcNow, text, isError));
            while (_lines.Count > capacity)
            {
                _lines.Dequeue();
            }
        }
    }

    public IReadOnlyList<ConsoleLine> After(long number, int max = 5_000)
    {
        lock (_lock)
        {
            return _lines.Where(line => line.Number > number).Take(max).ToList();
        }
    }
}
