using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenClaw.Contracts;
using StackExchange.Redis;

namespace OpenClaw.SandboxManager.Pruning;

/// <summary>Runs the prune at most once per interval across all managers (a Redis lock with the interval as TTL).</summary>
public sealed partial class SandboxPruneLoop(
    SandboxPruner pruner, IConnectionMultiplexer redis, IOptions<SandboxManagerOptions> options, TimeProvider time, ILogger<SandboxPruneLoop> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.PruneInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        var lockKey = new StreamNames(options.Value.Prefix).Lock("sandbox-prune");
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                if (await redis.GetDatabase().StringSetAsync(lockKey, Environment.MachineName, interval, When.NotExists))
                {
                    await pruner.PruneAsync(null, null, null, stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPruneFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sandbox prune failed; will retry next interval")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);
}
