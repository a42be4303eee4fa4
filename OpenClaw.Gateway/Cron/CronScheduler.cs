namespace OpenClaw.Gateway.Cron;

/// <summary>
/// The scheduler loop: at start it clears runs a previous process left marked running and fills in missing fire
/// times; then it starts every due job and sleeps until the earliest next fire time (at most a minute, so edits made to
/// <c>jobs.json</c> by hand or by another replica are picked up), or until a change wakes it. Time comes from
/// <see cref="TimeProvider"/>, so tests drive it with a fake clock. Jobs missed while the gateway was down are due at
/// once and run one time each.
/// </summary>
public sealed class CronScheduler(
    CronSettings settings,
    CronStore store,
    CronExecution execution,
    CronEvents events,
    TimeProvider time,
    ILogger<CronScheduler> logger) : BackgroundService
{
    private static readonly TimeSpan MaxSleep = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.SkippedByEnv)
        {
            logger.LogInformation("cron: disabled by OPENCLAW_SKIP_CRON");
            return;
        }

        var recovered = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            long? nextWake = null;
            try
            {
                if (settings.Enabled)
                {
                    if (!recovered)
                    {
                        await RecoverAsync(stoppingToken).ConfigureAwait(false);
                        recovered = true;
                    }

                    nextWake = await StartDueJobsAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A bad store or a transient I/O error must not stop the scheduler for good.
                logger.LogError(ex, "cron: scheduler tick failed; trying again shortly");
                nextWake = time.GetUtcNow().ToUnixTimeMilliseconds() + 5_000;
            }

            await SleepAsync(nextWake, stoppingToken).ConfigureAwait(false);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await execution.StopAsync().ConfigureAwait(false);
    }

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var (interrupted, missed) = await store.UpdateAsync(jobs =>
        {
            var changed = false;
            var interruptedCount = 0;
            var missedCount = 0;
            foreach (var job in jobs)
            {
                if (job.State.RunningAtMs is not null)
                {
                    job.State.RunningAtMs = null;
                    interruptedCount++;
                    changed = true;
                }

                if (!job.Enabled)
                {
                    continue;
                }

                if (job.State.NextRunAtMs is null)
                {
                    try
                    {
                        job.State.NextRunAtMs = CronScheduleCalculator.NextRunAtMs(job, now);
                        changed = true;
                    }
                    catch (CronValidationException ex)
                    {
                        logger.LogError("cron job {JobId} ({Name}) has an invalid schedule and will not run: {Message}", job.Id, job.Name, ex.Message);
                    }
                }

                if (job.State.NextRunAtMs <= now)
                {
                    missedCount++;
                }
            }

            return (changed, (interruptedCount, missedCount));
        }, cancellationToken).ConfigureAwait(false);
        if (interrupted > 0 || missed > 0)
        {
            logger.LogInformation("cron: {Missed} job(s) missed their time while the gateway was down and run now; {Interrupted} interrupted run(s) cleared", missed, interrupted);
        }
    }

    /// <summary>Starts due jobs; returns the earliest time something else becomes due.</summary>
    private async Task<long?> StartDueJobsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        long? nextWake = null;
        foreach (var job in await store.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!job.Enabled || execution.IsRunning(job.Id) || job.State.RunningAtMs is not null)
            {
                continue;
            }

            if (job.State.NextRunAtMs is not { } next)
            {
                // Added by hand or by an older writer without a fire time: compute it now.
                try
                {
                    next = CronScheduleCalculator.NextRunAtMs(job, now) ?? long.MaxValue;
                }
                catch (CronValidationException)
                {
                    continue;
                }

                if (next == long.MaxValue)
                {
                    continue;
                }

                await store.UpdateAsync(jobs =>
                {
                    var current = jobs.Find(j => j.Id == job.Id);
                    current?.State.NextRunAtMs ??= next;
                    return (current is not null, 0);
                }, cancellationToken).ConfigureAwait(false);
            }

            if (execution.IsHeldBack(job.Id, next))
            {
                if (execution.RetryClaimAtMs(job.Id) is { } retry && retry > now)
                {
                    nextWake = Min(nextWake, retry);
                }

                continue;
            }

            if (next <= now)
            {
                execution.Start(job, Guid.NewGuid().ToString(), next, scheduled: true);
                continue;
            }

            nextWake = Min(nextWake, next);
        }

        return nextWake;
    }

    private async Task SleepAsync(long? nextWake, CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var delay = nextWake is { } wake ? TimeSpan.FromMilliseconds(Math.Clamp(wake - now, 0, (long)MaxSleep.TotalMilliseconds)) : MaxSleep;
        using var sleep = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var timer = Task.Delay(delay, time, sleep.Token);
        var change = events.WaitForChangeAsync(sleep.Token);
        // The clock may have moved between computing the delay and arming the timer (a fake clock in tests does).
        if (nextWake is null || time.GetUtcNow().ToUnixTimeMilliseconds() < nextWake)
        {
            await Task.WhenAny(timer, change).ConfigureAwait(false);
        }

        await sleep.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(timer, change).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
    }

    private static long Min(long? a, long b) => a is { } x ? Math.Min(x, b) : b;
}
