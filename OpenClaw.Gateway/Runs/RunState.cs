namespace OpenClaw.Gateway.Runs;

/// <summary>A run from acceptance to its end: cancellation, sequence numbers and the completion the waiters await.</summary>
internal sealed class RunState(RunAccepted accepted, RunOrigin? origin, RunEventBus bus, TimeProvider time) : IDisposable
{
    private long _seq;

    public RunAccepted Accepted { get; } = accepted;

    public string RunId => Accepted.RunId;

    public string SessionKey => Accepted.SessionKey;

    public RunOrigin? Origin { get; } = origin;

    public CancellationTokenSource Abort { get; } = new();

    public string? AbortReason { get; set; }

    public TaskCompletionSource<RunResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Publishes an event built from a template that carries the run's ids, the next seq and the time.</summary>
    public void Emit(Func<RunStarted, RunEvent> build)
    {
        var template = new RunStarted
        {
            RunId = RunId,
            AgentId = Accepted.AgentId,
            SessionKey = Accepted.SessionKey,
            SessionId = Accepted.SessionId,
            Seq = Interlocked.Increment(ref _seq),
            Ts = time.GetUtcNow().ToUnixTimeMilliseconds(),
            Origin = Origin,
        };
        bus.Publish(build(template));
    }

    public void Dispose() => Abort.Dispose();
}
