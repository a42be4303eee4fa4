using System.Text.Json;

namespace OpenClaw.Gateway.Cron;

/// <summary>A page of <c>cron.list</c>.</summary>
public sealed record CronJobPage(IReadOnlyList<CronJob> Jobs, int Total, int Offset, int Limit);

/// <summary>
/// The scheduler's operations for the WS methods and the <c>cron</c> tool: list, status, add, update, remove, run, runs.
/// Changes are written to <c>jobs.json</c> at once, announced as <c>cron</c> events and wake the scheduler loop.
/// </summary>
public sealed class CronService(
    CronSettings settings,
    CronStore store,
    CronRunLog runLog,
    CronExecution execution,
    CronEvents events,
    TimeProvider time)
{
    public string StorePath => store.Path;

    public bool Enabled => settings.Enabled;

    private long NowMs => time.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task<CronJobPage> ListAsync(string enabledFilter, string? query, string sortBy, bool descending, int offset, int limit, CancellationToken cancellationToken)
    {
        IEnumerable<CronJob> jobs = await store.ReadAsync(cancellationToken).ConfigureAwait(false);
        jobs = enabledFilter switch
        {
            "enabled" => jobs.Where(j => j.Enabled),
            "disabled" => jobs.Where(j => !j.Enabled),
            _ => jobs,
        };
        if (!string.IsNullOrWhiteSpace(query))
        {
            var q = query.Trim();
            jobs = jobs.Where(j => j.Name.Contains(q, StringComparison.OrdinalIgnoreCase) || j.Id.Contains(q, StringComparison.OrdinalIgnoreCase)
                || (j.Description?.Contains(q, StringComparison.OrdinalIgnoreCase) ?? false));
        }

        Func<CronJob, object?> key = sortBy switch
        {
            "name" => j => j.Name.ToLowerInvariant(),
            "updatedAtMs" => j => j.UpdatedAtMs,
            _ => j => j.State.NextRunAtMs ?? long.MaxValue,
        };
        var sorted = (descending ? jobs.OrderByDescending(key) : jobs.OrderBy(key)).ToList();
        return new CronJobPage([.. sorted.Skip(offset).Take(limit)], sorted.Count, offset, limit);
    }

    public async Task<(int Jobs, long? NextWakeAtMs)> StatusAsync(CancellationToken cancellationToken)
    {
        var jobs = await store.ReadAsync(cancellationToken).ConfigureAwait(false);
        var next = jobs.Where(j => j.Enabled && j.State.NextRunAtMs is not null).Select(j => j.State.NextRunAtMs).Min();
        return (jobs.Count, settings.Enabled ? next : null);
    }

    public async Task<CronJob?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await store.ReadAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(j => j.Id == id);

    public async Task<CronJob> AddAsync(JsonElement input, CancellationToken cancellationToken)
    {
        var now = NowMs;
        var job = CronJobFactory.Create(input, now);
        job.State.NextRunAtMs = job.Enabled ? CronScheduleCalculator.NextRunAtMs(job, now) : null;
        await store.UpdateAsync(jobs => { jobs.Add(job); return (true, 0); }, cancellationToken).ConfigureAwait(false);
        await ChangedAsync(new { jobId = job.Id, action = "added", nextRunAtMs = job.State.NextRunAtMs }).ConfigureAwait(false);
        return job.Clone();
    }

    public async Task<CronJob> UpdateAsync(string id, JsonElement patch, CancellationToken cancellationToken)
    {
        var now = NowMs;
        var updated = await store.UpdateAsync(jobs =>
        {
            var index = jobs.FindIndex(j => j.Id == id);
            if (index < 0)
            {
                throw new CronValidationException(UnknownJob(id));
            }

            var patched = CronJobFactory.Patch(jobs[index], patch, now);
            patched.State.NextRunAtMs = patched.Enabled ? CronScheduleCalculator.NextRunAtMs(patched, now) : null;
            jobs[index] = patched;
            return (true, patched.Clone());
        }, cancellationToken).ConfigureAwait(false);
        await ChangedAsync(new { jobId = id, action = "updated", nextRunAtMs = updated.State.NextRunAtMs }).ConfigureAwait(false);
        return updated;
    }

    public async Task<bool> RemoveAsync(string id, CancellationToken cancellationToken)
    {
        var removed = await store.UpdateAsync(jobs =>
        {
            var any = jobs.RemoveAll(j => j.Id == id) > 0;
            return (any, any);
        }, cancellationToken).ConfigureAwait(false);
        if (removed)
        {
            await ChangedAsync(new { jobId = id, action = "removed" }).ConfigureAwait(false);
        }

        return removed;
    }

    /// <summary>
    /// <c>cron.run</c>: <c>force</c> (default) runs now; <c>due</c> only when the job is due. Returns the run id once the run
    /// is queued (null with a reason when not run). Manual runs are not de-duplicated across replicas: the caller asked this one.
    /// </summary>
    public async Task<(string? RunId, string? Reason)> RunNowAsync(string id, bool onlyIfDue, CancellationToken cancellationToken)
    {
        var job = await GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new CronValidationException(UnknownJob(id));
        var now = NowMs;
        if (onlyIfDue && !(job.Enabled && job.State.NextRunAtMs is { } next && next <= now))
        {
            return (null, "not-due");
        }

        if (job.State.RunningAtMs is not null || execution.IsRunning(id))
        {
            return (null, "already-running");
        }

        var runId = Guid.NewGuid().ToString();
        execution.Start(job, runId, now, scheduled: false);
        return (runId, null);
    }

    public Task<(IReadOnlyList<CronRunLogEntry> Entries, int Total)> RunsAsync(CronRunQuery query, CancellationToken cancellationToken) =>
        runLog.ReadAsync(query, cancellationToken);

    private Task ChangedAsync(object payload) => events.PublishAsync(payload);

    internal static string UnknownJob(string id) => $"unknown cron job id '{id}' (see cron.list for the ids)";
}
