using System.Threading.Channels;

namespace OpenClaw.Gateway.Runs;

/// <summary>
/// Starts and controls agent runs. One run at a time per session (a lane that queues), at most
/// <c>agents.defaults.maxConcurrent</c> (default 4) runs at once across sessions.
/// </summary>
public interface IAgentRunner
{
    /// <summary>Accepts the run and returns at once; the turn runs in the background. <c>/stop</c>, <c>/new</c>, <c>/reset</c> are handled here.</summary>
    Task<RunAccepted> StartAsync(AgentRunRequest request, CancellationToken cancellationToken = default);

    /// <summary>Aborts a queued or running run. False when unknown or already finished.</summary>
    bool Abort(string runId, string reason = "abort");

    /// <summary>Aborts every queued or running run of a session; returns how many.</summary>
    int AbortSession(string sessionKey, string reason = "abort");

    /// <summary>Waits for the run to end; null when unknown or when <paramref name="timeout"/> passes first.</summary>
    Task<RunResult?> WaitAsync(string runId, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Runs not yet finished (queued or running), for status views.</summary>
    IReadOnlyList<RunAccepted> ActiveRuns { get; }
}

/// <summary>In-process stream of <see cref="RunEvent"/>s for the WS protocol, channels and the HTTP API.</summary>
public interface IRunEvents
{
    /// <summary>
    /// Receives every event accepted by <paramref name="filter"/> from now on (unbounded buffer; read promptly).
    /// Subscribe before starting a run (with your own <see cref="AgentRunRequest.RunId"/>) to see all of it.
    /// </summary>
    RunEventSubscription Subscribe(Func<RunEvent, bool>? filter = null);
}

/// <summary>An event subscription; dispose to stop receiving.</summary>
public sealed class RunEventSubscription(ChannelReader<RunEvent> reader, Action unsubscribe) : IDisposable
{
    public ChannelReader<RunEvent> Reader { get; } = reader;

    public void Dispose() => unsubscribe();
}
