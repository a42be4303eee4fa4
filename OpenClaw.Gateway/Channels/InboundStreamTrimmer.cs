using Microsoft.Extensions.Options;
using OpenClaw.Contracts;
using OpenClaw.Messaging;
using StackExchange.Redis;

namespace OpenClaw.Gateway.Channels;

/// <summary>
/// Trims <c>openclaw:inbound</c> by age and length once a minute. The gateway is the stream's consumer, so it
/// trims it, and never past an entry not yet answered (<see cref="SafeStreamTrim"/>): the workers' XADDs do not
/// cap the length, because a cap would drop the oldest unanswered messages while the gateway is down.
/// </summary>
internal sealed partial class InboundStreamTrimmer(
    IServiceProvider services,
    IOptions<GatewayChannelsOptions> options,
    TimeProvider clock,
    ILogger<InboundStreamTrimmer> logger) : BackgroundService
{
    private readonly GatewayChannelsOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled || services.GetService<IConnectionMultiplexer>() is not { } redis)
        {
            return;
        }

        var inbound = new StreamNames(_options.RedisPrefix).Inbound;
        using var timer = new PeriodicTimer(_options.TrimInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await SafeStreamTrim.TrimAsync(redis.GetDatabase(), inbound, _options.StreamMaxAge, _options.StreamMaxLength, clock.GetUtcNow())
                    .ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                LogTrimFailed(ex.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Trimming the inbound stream failed, trying again later: {Error}")]
    private partial void LogTrimFailed(string error);
}
