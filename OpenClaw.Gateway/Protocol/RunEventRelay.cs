using OpenClaw.Gateway.Runs;

namespace OpenClaw.Gateway.Protocol;

/// <summary>
/// Turns the core's run events into the protocol's <c>agent</c> and <c>chat</c> events (spec §1.5.8):
/// lifecycle/assistant/tool streams, and chat delta (v4 <c>deltaText</c>; v3 clients get the cumulative
/// message only) / final / aborted / error; a finished run also announces <c>sessions.changed</c>.
/// </summary>
public sealed class RunEventRelay(IRunEvents runs, EventBroadcaster events, ILogger<RunEventRelay> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = runs.Subscribe();
        var startedAt = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var runEvent in subscription.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RelayAsync(runEvent, startedAt);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "could not relay {Event} of run {RunId}", runEvent.GetType().Name, runEvent.RunId);
            }
        }
    }

    private async Task RelayAsync(RunEvent e, Dictionary<string, long> startedAt)
    {
        switch (e)
        {
            case RunStarted:
                startedAt[e.RunId] = e.Ts;
                await AgentAsync(e, "lifecycle", new { phase = "start", startedAt = e.Ts }, e.SessionId);
                break;
            case RunModelSelected m:
                await AgentAsync(e, "lifecycle", new { phase = "model", provider = m.Provider, model = m.Model }, e.SessionId);
                break;
            case AssistantDelta d:
                await AgentAsync(e, "assistant", new { text = d.Text, delta = d.Delta });
                var message = AssistantMessage(d.Text, e.Ts);
                await events.BroadcastAsync("chat",
                    new { runId = e.RunId, sessionKey = e.SessionKey, agentId = e.AgentId, seq = e.Seq, state = "delta", deltaText = d.Delta, message },
                    new { runId = e.RunId, sessionKey = e.SessionKey, agentId = e.AgentId, seq = e.Seq, state = "delta", message });
                break;
            case ToolCallStarted t:
                await AgentAsync(e, "tool", new { phase = "start", toolCallId = t.ToolCallId, name = t.Name, args = t.Arguments });
                break;
            case ToolCallCompleted t:
                await AgentAsync(e, "tool", new { phase = "result", toolCallId = t.ToolCallId, name = t.Name, result = t.Result, isError = t.IsError });
                break;
            case RunCompleted c:
                startedAt.Remove(e.RunId, out var began);
                await AgentAsync(e, "lifecycle", new
                {
                    phase = "end",
                    stopReason = c.StopReason,
                    aborted = false,
                    startedAt = began == 0 ? (long?)null : began,
                    endedAt = e.Ts,
                }, e.SessionId);
                await events.BroadcastAsync("chat", new
                {
                    runId = e.RunId,
                    sessionKey = e.SessionKey,
                    agentId = e.AgentId,
                    seq = e.Seq,
                    state = "final",
                    stopReason = c.StopReason,
                    message = c.IsSilent ? null : AssistantMessage(c.Text, e.Ts),
                    usage = new { input = c.Usage.Input, output = c.Usage.Output, cacheRead = c.Usage.CacheRead, cacheWrite = c.Usage.CacheWrite, total = c.Usage.Total },
                });
                await SessionsChangedAsync(e);
                break;
            case RunFailed f:
                startedAt.Remove(e.RunId);
                await AgentAsync(e, "lifecycle", new { phase = "error", error = f.ErrorMessage, endedAt = e.Ts }, e.SessionId);
                await events.BroadcastAsync("chat", new
                {
                    runId = e.RunId,
                    sessionKey = e.SessionKey,
                    agentId = e.AgentId,
                    seq = e.Seq,
                    state = "error",
                    errorMessage = f.ErrorMessage,
                    errorKind = f.ErrorKind,
                });
                await SessionsChangedAsync(e);
                break;
            case RunAborted a:
                startedAt.Remove(e.RunId);
                await AgentAsync(e, "lifecycle", new { phase = "end", aborted = true, stopReason = "aborted", endedAt = e.Ts }, e.SessionId);
                await events.BroadcastAsync("chat", new
                {
                    runId = e.RunId,
                    sessionKey = e.SessionKey,
                    agentId = e.AgentId,
                    seq = e.Seq,
                    state = "aborted",
                    stopReason = a.Reason,
                    message = string.IsNullOrEmpty(a.PartialText) ? null : AssistantMessage(a.PartialText, e.Ts),
                });
                await SessionsChangedAsync(e);
                break;
        }
    }

    private Task AgentAsync(RunEvent e, string stream, object data, string? sessionId = null) =>
        events.BroadcastAsync("agent", new
        {
            runId = e.RunId,
            sessionKey = e.SessionKey,
            sessionId,
            agentId = e.AgentId,
            stream,
            data,
            seq = e.Seq,
            ts = e.Ts,
        });

    private Task SessionsChangedAsync(RunEvent e) =>
        events.BroadcastAsync("sessions.changed", new { sessionKey = e.SessionKey, agentId = e.AgentId, reason = "run", ts = e.Ts });

    private static object AssistantMessage(string text, long ts) =>
        new { role = "assistant", content = new[] { new { type = "text", text } }, timestamp = ts };
}
