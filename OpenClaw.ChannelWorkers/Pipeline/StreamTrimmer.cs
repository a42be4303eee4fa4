using Microsoft.Extensions.Options;
using OpenClaw.Contracts;
using OpenClaw.Messaging;
using StackExchange.Redis;

namespace OpenClaw.ChannelWorkers.Pipeline;

/// <summary>
/// Trims this channel's outbound stream by age and length, never past an entry not yet sent (see
/// <see cref="SafeStreamTrim"/>), and removes consumers of dead workers once they hold no pending entries.
/// </summary>
internal sealed partial class StreamTrimmer(
    IConnectionMultiplexer redis,
    IOptions<ChannelWorkerOptions> options,
    TimeProvider clock,
    ILogger<StreamTrimmer> logger) : BackgroundService
{
    private readonly ChannelWorkerOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), clock);
        do
        {
            try
            {
                await TrimOnceAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                LogTrimFailed(ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    internal async Task TrimOnceAsync()
    {
        var names = new StreamNames(_options.RedisPrefix);
        var stream = names.Outbound(_options.Channel);
        var db = redis.GetDatabase();
        if (!await db.KeyExistsAsync(stream).ConfigureAwait(false))
        {
            return;
        }

        await SafeStreamTrim.TrimAsync(db, stream, _options.StreamMaxAge, _options.StreamMaxLength, clock.GetUtcNow()).ConfigureAwait(false);

        var group = StreamNames.ChannelGroup(_options.Channel);
        StreamConsumerInfo[] consumers;
        try
        {
            consumers = await db.StreamConsumerInfoAsync(stream, group).ConfigureAwait(false);
        }
        catch (RedisServerException)
        {
            return;
        }

        foreach (var consumer in consumers.Where(c => c.PendingMessageCount == 0 && c.IdleTimeInMilliseconds > TimeSpan.FromHours(1).TotalMilliseconds))
        {
            await db.StreamDeleteConsumerAsync(stream, group, consumer.Name).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Trimming the outbound stream failed: {Error}")]
    private partial void LogTrimFailed(string error);
}
