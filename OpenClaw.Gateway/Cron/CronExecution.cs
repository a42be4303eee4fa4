using System.Collections.Concurrent;

namespace OpenClaw.Gateway.Cron;

/// <summary>
/// Runs jobs in the background, at most <c>cron.maxConcurrentRuns</c> at once: claims the fire time (one replica
/// runs it), marks the job running, runs it, then records state, the run-log line and the <c>cron</c> events.
/// After a scheduled run the next fire time is computed from the end of this one, so a backlog of fire times missed
/// while the gateway was down runs once, not once per missed time.
/// </summary>
public sealed class CronExecution(
    CronSettings settings,
    CronStore store,
    CronRunLog runLog,
    CronJobRunner runner,
    ICronRunLock runLock,
    CronEvents events,
    TimeProvider time,
    ILogger<CronExecution> logger) : IDisposable
{
    private static readonly TimeSpan ClaimRetry = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string JobId, long FireAtMs), bool> _claimedElsewhere = new();
    private readonly ConcurrentDictionary<string, long> _retryClaimAt = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _slots = new(settings.MaxConcurrentRuns, settings.MaxConcurrentRuns);
    private readonly CancellationTokenSource _stopping = new();

    private long NowMs => time.GetUtcNow().ToUnixTimeMilliseconds();

    public bool IsRunning(string jobId) => _running.ContainsKey(jobId);

    /// <summary>True when another replica ran this fire time, or a claim must wait a moment; the scheduler skips the job for now.</summary>
    public bool IsHeldBack(string jobId, long fireAtMs) =>
        _claimedElsewhere.ContainsKey((jobId, fireAtMs)) || (_retryClaimAt.TryGetValue(jobId, out var at) && at > NowMs);

    public long? RetryClaimAtMs(string jobId) => _retryClaimAt.TryGetValue(jobId, out var at) ? at : null;

    /// <summary>Starts the job in the background (no-op when it is already running here).</summary>
    public void Start(CronJob job, string runId, long fireAtMs, bool scheduled)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_running.TryAdd(job.Id, gate.Task))
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await ExecuteAsync(job, runId, fireAtMs, scheduled, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "cron job {JobId} failed outside its run", job.Id);
            }
            finally
            {
                _running.TryRemove(job.Id, out _);
                gate.TrySetResult();
                events.Wake();
            }
        });
    }

    /// <summary>Cancels the runs in flight and waits for them (host shutdown).</summary>
    public async Task StopAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_running.Values).ConfigureAwait(false);
    }

    private async Task ExecuteAsync(CronJob job, string runId, long fireAtMs, bool scheduled, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (scheduled && !await ClaimAsync(job, fireAtMs, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            var startedAt = NowMs;
            var exists = await store.UpdateAsync(jobs =>
            {
                var current = jobs.Find(j => j.Id == job.Id);
                current?.State.RunningAtMs = startedAt;
                return (current is not null, current is not null);
            }, cancellationToken).ConfigureAwait(false);
            if (!exists)
            {
                return;
            }

            await events.PublishAsync(new { jobId = job.Id, action = "started", runId, runAtMs = startedAt }).ConfigureAwait(false);
            CronRunOutcome outcome;
            try
            {
                outcome = await runner.RunAsync(job, runId, fireAtMs, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Shutdown mid-run: leave the job due so it runs after the restart (the claim is not kept).
                await store.UpdateAsync(jobs => { jobs.Find(j => j.Id == job.Id)?.State.RunningAtMs = null; return (true, 0); }, CancellationToken.None).ConfigureAwait(false);
                if (scheduled)
                {
                    await runLock.ReleaseAsync(job.Id, fireAtMs).ConfigureAwait(false);
                }

                throw;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "cron job {JobId} crashed", job.Id);
                outcome = new CronRunOutcome("error", ex.Message, null, runId, null, null, DeliveryOutcome.NotRequested, null);
            }

            await RecordAsync(job, outcome, startedAt, scheduled).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task<bool> ClaimAsync(CronJob job, long fireAtMs, CancellationToken cancellationToken)
    {
        switch (await runLock.TryClaimAsync(job.Id, fireAtMs, cancellationToken).ConfigureAwait(false))
        {
            case true:
                _retryClaimAt.TryRemove(job.Id, out _);
                return true;
            case null:
                _retryClaimAt[job.Id] = NowMs + (long)ClaimRetry.TotalMilliseconds;
                return false;
            default:
                logger.LogDebug("cron job {JobId} at {FireAtMs} runs on another replica", job.Id, fireAtMs);
                _claimedElsewhere[(job.Id, fireAtMs)] = true;
                if (job.Schedule.Kind != "at")
                {
                    var next = CronScheduleCalculator.NextRunAtMs(job, Math.Max(NowMs, fireAtMs));
                    await store.UpdateAsync(jobs =>
                    {
                        var current = jobs.Find(j => j.Id == job.Id);
                        var move = current is not null && current.State.NextRunAtMs == fireAtMs;
                        current?.State.NextRunAtMs = move ? next : current.State.NextRunAtMs;
                        return (move, 0);
                    }, cancellationToken).ConfigureAwait(false);
                }

                return false;
        }
    }

    private async Task RecordAsync(CronJob job, CronRunOutcome outcome, long startedAt, bool scheduled)
    {
        var endedAt = NowMs;
        var ok = outcome.Status == "ok";
        var (found, nextRunAtMs) = await store.UpdateAsync(jobs =>
        {
            var current = jobs.Find(j => j.Id == job.Id);
            if (current is null)
            {
                return (false, (false, (long?)null));
            }

            var state = current.State;
            state.RunningAtMs = null;
            state.LastRunAtMs = startedAt;
            state.LastRunStatus = outcome.Status;
            state.LastStatus = outcome.Status;
            state.LastError = outcome.Error;
            state.LastDurationMs = endedAt - startedAt;
            state.ConsecutiveErrors = ok ? 0 : (state.ConsecutiveErrors ?? 0) + 1;
            state.LastDelivered = outcome.Delivery.Delivered;
            state.LastDeliveryStatus = outcome.Delivery.Status;
            state.LastDeliveryError = outcome.Delivery.Error;
            if (current.Schedule.Kind == "at")
            {
                if (ok && current.DeleteAfterRun != false)
                {
                    jobs.Remove(current);
                    return (true, (true, (long?)null));
                }

                if (!ok && IsTransient(outcome) && (state.ConsecutiveErrors ?? 1) < settings.RetryMaxAttempts)
                {
                    // A one-shot that hit a passing fault (rate limit, overload, network, timeout) tries again after cron.retry.backoffMs.
                    var backoff = settings.RetryBackoffMs;
                    state.NextRunAtMs = endedAt + (backoff.Count == 0 ? 30_000 : backoff[Math.Min((state.ConsecutiveErrors ?? 1) - 1, backoff.Count - 1)]);
                    return (true, (true, state.NextRunAtMs));
                }

                // Done (kept by deleteAfterRun:false) or failed for good: disabled for inspection, never replayed on its own.
                current.Enabled = false;
                state.NextRunAtMs = null;
            }
            else if (scheduled || state.NextRunAtMs is null)
            {
                state.NextRunAtMs = !current.Enabled ? null
                    : ok ? CronScheduleCalculator.NextRunAtMs(current, endedAt)
                    : CronScheduleCalculator.NextRunAfterError(current, endedAt, state.ConsecutiveErrors ?? 1);
            }

            return (true, (true, state.NextRunAtMs));
        }).ConfigureAwait(false);

        var usage = outcome.Result?.Usage;
        var entry = new CronRunLogEntry
        {
            Ts = endedAt,
            JobId = job.Id,
            Status = outcome.Status,
            Error = outcome.Error,
            Summary = outcome.Summary,
            Delivered = outcome.Delivery.Delivered,
            DeliveryStatus = outcome.Delivery.Status,
            DeliveryError = outcome.Delivery.Error,
            SessionId = outcome.SessionId,
            SessionKey = outcome.SessionKey,
            RunId = outcome.RunId,
            RunAtMs = startedAt,
            DurationMs = endedAt - startedAt,
            NextRunAtMs = nextRunAtMs,
            Model = outcome.Result?.Model,
            Provider = outcome.Result?.Provider,
            Usage = usage is null ? null : new CronRunUsage(usage.Input, usage.Output, usage.Total, usage.CacheRead, usage.CacheWrite),
            JobName = job.Name,
        };
        try
        {
            await runLog.AppendAsync(entry, settings.RunLogMaxBytes, settings.RunLogKeepLines).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            logger.LogWarning("cron: could not append to the run log of {JobId}: {Message}", job.Id, ex.Message);
        }

        if (!ok)
        {
            logger.LogWarning("cron job {JobId} ({Name}) failed: {Error}", job.Id, job.Name, outcome.Error);
        }

        await events.PublishAsync(new
        {
            jobId = job.Id,
            action = "finished",
            removed = !found || nextRunAtMs is null && job.Schedule.Kind == "at" && outcome.Status == "ok" && job.DeleteAfterRun != false,
            runId = outcome.RunId,
            status = outcome.Status,
            error = outcome.Error,
            summary = outcome.Summary,
            deliveryStatus = outcome.Delivery.Status,
            runAtMs = startedAt,
            durationMs = endedAt - startedAt,
            nextRunAtMs,
        }).ConfigureAwait(false);
    }

    /// <summary>Maps the run's error kind onto <c>cron.retry.retryOn</c>.</summary>
    private bool IsTransient(CronRunOutcome outcome)
    {
        var kind = outcome.Result?.ErrorKind switch
        {
            "rate_limit" => "rate_limit",
            "timeout" => "timeout",
            "overloaded" => "overloaded",
            "network" => "network",
            "server_error" => "server_error",
            _ when outcome.Error?.Contains("overloaded", StringComparison.OrdinalIgnoreCase) == true => "overloaded",
            _ when outcome.Error?.Contains("server error", StringComparison.OrdinalIgnoreCase) == true => "server_error",
            _ when outcome.Error?.Contains("did not finish", StringComparison.Ordinal) == true => "timeout",
            _ => null,
        };
        return kind is not null && settings.RetryOn.Contains(kind);
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _slots.Dispose();
    }
}
