using OpenClaw.Contracts;
using StackExchange.Redis;

namespace OpenClaw.Gateway.Cron;

/// <summary>Claims one fire time of one job, so that with several gateway replicas exactly one of them runs it.</summary>
public interface ICronRunLock
{
    /// <summary>True when this replica may run <paramref name="jobId"/> for <paramref name="fireAtMs"/>; false when another
    /// replica has it; null when the claim cannot be decided now (try again shortly).</summary>
    Task<bool?> TryClaimAsync(string jobId, long fireAtMs, CancellationToken cancellationToken);

    /// <summary>Gives a claimed fire time back (a run cut short by shutdown), so it runs again after the restart.</summary>
    Task ReleaseAsync(string jobId, long fireAtMs);
}

/// <summary>A single gateway without Redis: every fire time is ours.</summary>
public sealed class LocalCronRunLock : ICronRunLock
{
    public Task<bool?> TryClaimAsync(string jobId, long fireAtMs, CancellationToken cancellationToken) => Task.FromResult<bool?>(true);

    public Task ReleaseAsync(string jobId, long fireAtMs) => Task.CompletedTask;
}

/// <summary>
/// <c>SET openclaw:lock:cron:&lt;jobId&gt;:&lt;fireAtMs&gt; &lt;instance&gt; NX PX 86400000</c>: the first replica to set the key runs
/// the job. The key outlives the run (a day) so a replica whose clock or timer lags cannot run the same fire time later.
/// When Redis cannot be reached the claim is undecided: the job stays due and is tried again, rather than run twice.
/// </summary>
public sealed class RedisCronRunLock(IConnectionMultiplexer redis, StreamNames names, string instanceId, ILogger<RedisCronRunLock> logger) : ICronRunLock
{
    private static readonly TimeSpan Hold = TimeSpan.FromDays(1);

    public async Task<bool?> TryClaimAsync(string jobId, long fireAtMs, CancellationToken cancellationToken)
    {
        try
        {
            return await redis.GetDatabase().StringSetAsync(names.Lock($"cron:{jobId}:{fireAtMs}"), instanceId, Hold, When.NotExists).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("cron: cannot claim job {JobId} at {FireAtMs} because Redis is unreachable ({Message}); will try again", jobId, fireAtMs, ex.Message);
            return null;
        }
    }

    public async Task ReleaseAsync(string jobId, long fireAtMs)
    {
        try
        {
            var key = names.Lock($"cron:{jobId}:{fireAtMs}");
            var db = redis.GetDatabase();
            // Only our own claim: compare-and-delete in one step.
            await db.ScriptEvaluateAsync("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end",
                [key], [instanceId]).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning("cron: could not release the claim of job {JobId} at {FireAtMs}: {Message}", jobId, fireAtMs, ex.Message);
        }
    }
}
