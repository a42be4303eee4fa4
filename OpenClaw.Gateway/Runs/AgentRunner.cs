using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenClaw.Gateway.Agents;
using OpenClaw.Gateway.Config;
using OpenClaw.Gateway.Models;
using OpenClaw.Gateway.Sessions;
using OpenClaw.Gateway.Tools;

namespace OpenClaw.Gateway.Runs;

/// <summary>The agent run pipeline (spec §4.8): accept, queue on the session lane and the global lane, run, persist.</summary>
public sealed partial class AgentRunner(
    IAgentCatalog agents,
    ISessionStores sessions,
    IModelProviders providers,
    ModelCooldowns cooldowns,
    IToolCatalog toolCatalog,
    WorkspaceBootstrap workspace,
    IConfigStore config,
    RunEventBus bus,
    GatewayEnv env,
    TimeProvider time,
    ILogger<AgentRunner> logger) : IAgentRunner, IDisposable
{
    private const int FinishedRunsKept = 4096;
    private const int DefaultTimeoutSeconds = 172_800;

    private readonly ConcurrentDictionary<string, RunState> _active = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RunResult> _finished = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _finishedOrder = new();
    private readonly RunLanes _lanes = new(() => config.Current.Config.Agents.Defaults.MaxConcurrent);
    private readonly CancellationTokenSource _shutdown = new();
    private int _disposed;

    public IReadOnlyList<RunAccepted> ActiveRuns => [.. _active.Values.Select(r => r.Accepted)];

    public async Task<RunAccepted> StartAsync(AgentRunRequest request, CancellationToken cancellationToken = default)
    {
        var agent = agents.Resolve(request.AgentId ?? (request.SessionKey is { } key ? SessionKeys.AgentIdOf(key) : null));
        var sessionKey = SessionKeys.Normalize(request.SessionKey, agent.Id);
        var runId = request.RunId ?? request.IdempotencyKey ?? Guid.NewGuid().ToString();
        if (_active.TryGetValue(runId, out var inFlight))
        {
            return inFlight.Accepted with { Status = "in_flight" };
        }

        if (_finished.TryGetValue(runId, out var done))
        {
            return new RunAccepted(runId, done.AgentId, done.SessionKey, done.SessionId, done.Status, done.StartedAt);
        }

        var store = sessions.For(agent.Id);
        var message = request.Message.Trim();
        var sessionConfig = config.Current.Config.Session;
        if (message.Equals("/stop", StringComparison.OrdinalIgnoreCase))
        {
            var stopped = AbortSession(sessionKey, "stop");
            var entry = await store.GetOrCreateAsync(sessionKey, null, cancellationToken).ConfigureAwait(false);
            return Immediate(runId, agent.Id, sessionKey, entry.SessionId, request.Origin, stopped > 0 ? "⚙️ Agent was aborted." : "⚙️ Nothing to stop.");
        }

        var trigger = sessionConfig.ResetTriggers.FirstOrDefault(t => message.Equals(t, StringComparison.OrdinalIgnoreCase) || message.StartsWith(t + " ", StringComparison.OrdinalIgnoreCase));
        if (trigger is not null)
        {
            var rest = message[trigger.Length..].Trim();
            var fresh = await store.ResetAsync(sessionKey, cancellationToken).ConfigureAwait(false);
            if (ModelRef.TryParse(rest, out var model) && !rest.Contains(' ', StringComparison.Ordinal))
            {
                fresh = await store.PatchAsync(sessionKey, e => (e.ProviderOverride, e.ModelOverride) = (model.Provider, model.Model), cancellationToken).ConfigureAwait(false) ?? fresh;
                rest = "";
            }

            if (rest.Length == 0)
            {
                return Immediate(runId, agent.Id, sessionKey, fresh.SessionId, request.Origin, "✅ New session started.");
            }

            request = request with { Message = rest };
        }

        var session = await store.GetOrCreateAsync(sessionKey, e => ApplyOrigin(e, request.Origin), cancellationToken).ConfigureAwait(false);
        var policy = SessionFreshness.EffectivePolicy(sessionConfig, sessionKey, request.Origin?.Channel);
        if (SessionFreshness.IsStale(session, policy, time.GetUtcNow(), TimeZoneInfo.Local))
        {
            session = await store.ResetAsync(sessionKey, cancellationToken).ConfigureAwait(false);
        }

        var accepted = new RunAccepted(runId, agent.Id, sessionKey, session.SessionId, "accepted", time.GetUtcNow());
        var state = new RunState(accepted, request.Origin, bus, time);
        if (!_active.TryAdd(runId, state))
        {
            state.Dispose();
            return _active.TryGetValue(runId, out var raced) ? raced.Accepted with { Status = "in_flight" } : accepted;
        }

        // Take the place in the session lane now, so runs of one session start in the order they were accepted.
        var lane = _lanes.EnterSessionAsync(sessionKey, state.Abort.Token);
        _ = Task.Run(() => ExecuteAsync(state, lane, request, agent, store), CancellationToken.None);
        return accepted;
    }

    public bool Abort(string runId, string reason = "abort")
    {
        if (!_active.TryGetValue(runId, out var state))
        {
            return false;
        }

        state.AbortReason ??= reason;
        try
        {
            state.Abort.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return false;
        }

        return true;
    }

    public int AbortSession(string sessionKey, string reason = "abort") =>
        _active.Values.Where(s => s.SessionKey == sessionKey).ToList().Count(s => Abort(s.RunId, reason));

    public async Task<RunResult?> WaitAsync(string runId, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (_finished.TryGetValue(runId, out var done))
        {
            return done;
        }

        if (!_active.TryGetValue(runId, out var state))
        {
            return _finished.TryGetValue(runId, out done) ? done : null;
        }

        try
        {
            return await state.Completion.Task.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        // Registered under two service types, so the container may dispose it twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _shutdown.Cancel();
            _shutdown.Dispose();
        }
    }

    private async Task ExecuteAsync(RunState state, Task<IAsyncDisposable> lane, AgentRunRequest request, ResolvedAgent agent, ISessionStore store)
    {
        var startedAt = time.GetUtcNow();
        var accepted = state.Accepted;
        AgentTurn? turn = null;
        RunResult result;
        var defaults = config.Current.Config.Agents.Defaults;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(request.TimeoutSeconds ?? defaults.TimeoutSeconds ?? DefaultTimeoutSeconds), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(state.Abort.Token, timeout.Token, _shutdown.Token);
        var token = linked.Token;
        try
        {
            await using var sessionLane = await AwaitLaneAsync(lane, token).ConfigureAwait(false);
            await using var globalLane = await _lanes.EnterGlobalAsync(token).ConfigureAwait(false);
            state.Emit(e => e);
            await workspace.EnsureAsync(agent.WorkspaceDir).ConfigureAwait(false);
            var entry = await store.GetOrCreateAsync(accepted.SessionKey, null, token).ConfigureAwait(false);
            var candidates = ModelCandidates(request, entry, agent);
            var context = new ToolContext
            {
                AgentId = agent.Id,
                SessionKey = accepted.SessionKey,
                WorkspaceDir = agent.WorkspaceDir,
                Sandboxed = IsSandboxed(agent, accepted.SessionKey),
                Channel = request.Origin?.Channel,
                AccountId = request.Origin?.AccountId,
                To = request.Origin?.To,
                ThreadId = request.Origin?.ThreadId,
                Provider = candidates[0].Provider,
            };
            var tools = toolCatalog.GetEffectiveTools(context).Select(t => new AgentToolFunction(t, context)).ToList();
            var history = TranscriptChatMapper.ToChatMessages(await store.ReadTranscriptAsync(accepted.SessionKey, token).ConfigureAwait(false));
            var user = new ChatMessage(ChatRole.User, [new TextContent(request.Message), .. request.Attachments.Select(a => new DataContent(a.Data, a.MimeType))]);
            await store.AppendMessageAsync(accepted.SessionKey, UserTranscript(request), CancellationToken.None).ConfigureAwait(false);
            history.Add(user);
            var prompt = workspace.BuildSystemPrompt(agent, accepted.SessionKey, candidates[0].ToString(), tools.Select(t => t.Name));
            if (request.ExtraSystemPrompt is { Length: > 0 } extra)
            {
                prompt += "\n" + extra;
            }

            turn = new AgentTurn(state, store, providers, cooldowns, candidates, tools, time);
            var (text, stopReason) = await turn.RunAsync(history, prompt, token).ConfigureAwait(false);
            await RecordSessionAsync(store, accepted.SessionKey, request.Origin, turn, aborted: false).ConfigureAwait(false);
            result = Result(accepted, "ok", text, turn, stopReason, null, null, startedAt);
            state.Emit(e => new RunCompleted(text, turn.Usage, stopReason, turn.LastModel?.Provider, turn.LastModel?.Model) { RunId = e.RunId, AgentId = e.AgentId, SessionKey = e.SessionKey, SessionId = e.SessionId, Seq = e.Seq, Ts = e.Ts, Origin = e.Origin });
        }
        catch (OperationCanceledException) when (state.Abort.IsCancellationRequested || _shutdown.IsCancellationRequested)
        {
            var partial = turn?.PartialText;
            await PersistEndAsync(store, accepted.SessionKey, partial, "aborted", null, turn).ConfigureAwait(false);
            result = Result(accepted, "aborted", partial, turn, "aborted", null, null, startedAt);
            var reason = state.AbortReason ?? "shutdown";
            state.Emit(e => new RunAborted(partial, reason) { RunId = e.RunId, AgentId = e.AgentId, SessionKey = e.SessionKey, SessionId = e.SessionId, Seq = e.Seq, Ts = e.Ts, Origin = e.Origin });
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            var message = "the agent run timed out (agents.defaults.timeoutSeconds)";
            await PersistEndAsync(store, accepted.SessionKey, turn?.PartialText, "error", message, turn).ConfigureAwait(false);
            result = Result(accepted, "timeout", turn?.PartialText, turn, "error", message, "timeout", startedAt);
            state.Emit(e => new RunFailed(message, "timeout", turn?.PartialText) { RunId = e.RunId, AgentId = e.AgentId, SessionKey = e.SessionKey, SessionId = e.SessionId, Seq = e.Seq, Ts = e.Ts, Origin = e.Origin });
        }
#pragma warning disable CA1031 // a failed run is reported to its caller as an error event, never crashes the gateway
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var kind = ModelErrorClassifier.ErrorKindOf(ex);
            LogRunFailed(logger, accepted.RunId, accepted.SessionKey, ex.Message);
            await PersistEndAsync(store, accepted.SessionKey, turn?.PartialText, "error", ex.Message, turn).ConfigureAwait(false);
            result = Result(accepted, "error", turn?.PartialText, turn, "error", ex.Message, kind, startedAt);
            state.Emit(e => new RunFailed(ex.Message, kind, turn?.PartialText) { RunId = e.RunId, AgentId = e.AgentId, SessionKey = e.SessionKey, SessionId = e.SessionId, Seq = e.Seq, Ts = e.Ts, Origin = e.Origin });
        }

        Finish(state, result);
    }

    private static async Task<IAsyncDisposable> AwaitLaneAsync(Task<IAsyncDisposable> lane, CancellationToken token)
    {
        try
        {
            return await lane.WaitAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Gave up waiting (timeout/shutdown): hand the slot back if it is granted later, or the session would stay blocked.
            _ = lane.ContinueWith(t => t.IsCompletedSuccessfully ? t.Result.DisposeAsync().AsTask() : Task.CompletedTask, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            throw;
        }
    }

    private IReadOnlyList<ModelRef> ModelCandidates(AgentRunRequest request, SessionEntry entry, ResolvedAgent agent)
    {
        var refs = new List<string>();
        if (request.ModelOverride is { Length: > 0 } requested)
        {
            refs.Add(requested);
        }

        if (entry.ProviderOverride is { Length: > 0 } p && entry.ModelOverride is { Length: > 0 } m)
        {
            refs.Add($"{p}/{m}");
        }

        if (agent.PrimaryModel is { Length: > 0 } primary)
        {
            refs.Add(primary);
        }

        refs.AddRange(agent.Fallbacks);
        if (refs.Count == 0)
        {
            // Unconfigured installs still answer when a key is in the environment, as upstream's onboarding defaults do.
            if (env.Get("ANTHROPIC_API_KEY") is { Length: > 0 } || AuthProfiles.KeyFor(agent.AgentDir, "anthropic") is not null)
            {
                refs.Add("anthropic/claude-opus-4-6");
            }
            else if (env.Get("OPENAI_API_KEY") is { Length: > 0 } || AuthProfiles.KeyFor(agent.AgentDir, "openai") is not null)
            {
                refs.Add("openai/gpt-5.4");
            }
        }

        var parsed = refs.Select(r => ModelRef.TryParse(r, out var x) ? x : throw new ModelProviderException($"model '{r}' is not a provider/model reference")).Distinct().ToList();
        return parsed.Count > 0 ? parsed : throw new ModelProviderException("no model configured: set OPENAI_API_KEY or run openclaw onboard (or set agents.defaults.model)");
    }

    private bool IsSandboxed(ResolvedAgent agent, string sessionKey)
    {
        var sandbox = agent.Config?.Sandbox ?? config.Current.Config.Agents.Defaults.Sandbox;
        var mode = sandbox is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty("mode", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : "off";
        return mode == "all" || (mode == "non-main" && !SessionKeys.IsMain(sessionKey));
    }

    private TranscriptMessage UserTranscript(AgentRunRequest request) => new()
    {
        Role = "user",
        Content = [ContentBlock.FromText(request.Message), .. request.Attachments.Select(a => new ContentBlock { Type = "image", Data = Convert.ToBase64String(a.Data), MimeType = a.MimeType })],
        Timestamp = time.GetUtcNow().ToUnixTimeMilliseconds(),
    };

    private async Task PersistEndAsync(ISessionStore store, string sessionKey, string? partial, string stopReason, string? error, AgentTurn? turn)
    {
        try
        {
            if (!string.IsNullOrEmpty(partial) || error is not null)
            {
                await store.AppendMessageAsync(sessionKey, new TranscriptMessage
                {
                    Role = "assistant",
                    Content = string.IsNullOrEmpty(partial) ? [] : [ContentBlock.FromText(partial)],
                    StopReason = stopReason,
                    ErrorMessage = error,
                    Provider = turn?.LastModel?.Provider,
                    Model = turn?.LastModel?.Model,
                    Api = turn?.LastModel is { } model ? AgentTurn.ApiOf(model) : null,
                    Timestamp = time.GetUtcNow().ToUnixTimeMilliseconds(),
                }, CancellationToken.None).ConfigureAwait(false);
            }

            await RecordSessionAsync(store, sessionKey, null, turn, aborted: stopReason == "aborted").ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            LogPersistFailed(logger, sessionKey, ex.Message);
        }
    }

    private async Task RecordSessionAsync(ISessionStore store, string sessionKey, RunOrigin? origin, AgentTurn? turn, bool aborted) =>
        await store.PatchAsync(sessionKey, e =>
        {
            e.UpdatedAt = time.GetUtcNow().ToUnixTimeMilliseconds();
            e.AbortedLastRun = aborted;
            ApplyOrigin(e, origin);
            if (turn is not null)
            {
                e.InputTokens = (e.InputTokens ?? 0) + turn.Usage.Input;
                e.OutputTokens = (e.OutputTokens ?? 0) + turn.Usage.Output;
                e.TotalTokens = (e.TotalTokens ?? 0) + turn.Usage.Total;
                e.CacheRead = (e.CacheRead ?? 0) + turn.Usage.CacheRead;
                e.ContextTokens = turn.Usage.Input + turn.Usage.Output;
                if (turn.LastModel is { } m)
                {
                    (e.ModelProvider, e.Model) = (m.Provider, m.Model);
                }
            }
        }, CancellationToken.None).ConfigureAwait(false);

    private static void ApplyOrigin(SessionEntry entry, RunOrigin? origin)
    {
        if (origin is null)
        {
            return;
        }

        entry.LastChannel = origin.Channel;
        entry.Channel ??= origin.Channel;
        entry.LastAccountId = origin.AccountId ?? entry.LastAccountId;
        entry.LastTo = origin.To ?? entry.LastTo;
        entry.LastThreadId = origin.ThreadId;
    }

    private RunAccepted Immediate(string runId, string agentId, string sessionKey, string sessionId, RunOrigin? origin, string reply)
    {
        var accepted = new RunAccepted(runId, agentId, sessionKey, sessionId, "ok", time.GetUtcNow());
        using var state = new RunState(accepted, origin, bus, time);
        state.Emit(e => e);
        state.Emit(e => new RunCompleted(reply, new RunUsage(0, 0, 0, 0), "stop", null, null) { RunId = e.RunId, AgentId = e.AgentId, SessionKey = e.SessionKey, SessionId = e.SessionId, Seq = e.Seq, Ts = e.Ts, Origin = e.Origin });
        Remember(Result(accepted, "ok", reply, null, "stop", null, null, accepted.AcceptedAt));
        return accepted;
    }

    private RunResult Result(RunAccepted a, string status, string? text, AgentTurn? turn, string? stopReason, string? error, string? kind, DateTimeOffset startedAt) =>
        new(a.RunId, a.AgentId, a.SessionKey, a.SessionId, status, text, turn?.Usage ?? new RunUsage(0, 0, 0, 0), stopReason, error, kind, turn?.LastModel?.Provider, turn?.LastModel?.Model, startedAt, time.GetUtcNow());

    private void Finish(RunState state, RunResult result)
    {
        Remember(result);
        _active.TryRemove(state.RunId, out _);
        state.Completion.TrySetResult(result);
        state.Dispose();
    }

    private void Remember(RunResult result)
    {
        _finished[result.RunId] = result;
        _finishedOrder.Enqueue(result.RunId);
        while (_finishedOrder.Count > FinishedRunsKept && _finishedOrder.TryDequeue(out var old))
        {
            _finished.TryRemove(old, out _);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} for {SessionKey} failed: {Error}")]
    private static partial void LogRunFailed(ILogger logger, string runId, string sessionKey, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not persist the end of a run for {SessionKey}: {Error}")]
    private static partial void LogPersistFailed(ILogger logger, string sessionKey, string error);
}
