namespace OpenClaw.Gateway.Protocol;

/// <summary>
/// The requests of one connection in flight: at most <c>maxConcurrent</c> at a time (further frames wait,
/// which is back-pressure on the peer), all cancelled and awaited when the connection ends.
/// </summary>
internal sealed class RequestLane(int maxConcurrent)
{
    private readonly List<Task> _pending = [];

    public SemaphoreSlim Slots { get; } = new(maxConcurrent);

    public CancellationTokenSource Closing { get; } = new();

    public void Track(Task request)
    {
        _pending.RemoveAll(t => t.IsCompleted);
        _pending.Add(request);
    }

    public async Task CloseAsync()
    {
        await Closing.CancelAsync();
        await Task.WhenAll(_pending);
        Closing.Dispose();
        Slots.Dispose();
    }
}
