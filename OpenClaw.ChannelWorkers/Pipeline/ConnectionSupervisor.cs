using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using StackExchange.Redis;

namespace OpenClaw.ChannelWorkers.Pipeline;

/// <summary>
/// Runs every account's receive loop and restarts a broken connection with exponential backoff and jitter
/// (Polly), at most <see cref="ChannelWorkerOptions.MaxRestartsPerHour"/> times an hour; beyond that it
/// waits until the oldest restart leaves the window. Status (connected, last error, restarts) goes to Redis.
/// </summary>
internal sealed partial class ConnectionSupervisor(
    ChannelAdapterRegistry adapters,
    IInboundSink inbound,
    IConnectionMultiplexer redis,
    IOptions<ChannelWorkerOptions> options,
    TimeProvider clock,
    ILoggerFactory loggerFactory,
    ILogger<ConnectionSupervisor> logger) : BackgroundService
{
    private readonly ChannelWorkerOptions _options = options.Value;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(adapters.Adapters.Select(adapter => SuperviseAsync(adapter, stoppingToken)));

    private async Task SuperviseAsync(IChannelAdapter adapter, CancellationToken stoppingToken)
    {
        var status = new ChannelStatusReporter(adapter.Channel, adapter.AccountId, redis, _options, clock,
            loggerFactory.CreateLogger($"OpenClaw.ChannelWorkers.Status.{adapter.Channel}"));
        var restarts = new Queue<DateTimeOffset>();
        var quickFailures = 0;
        var startedAt = clock.GetUtcNow();

        var pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex =>
                    ex is not ChannelFatalException && !(ex is OperationCanceledException && stoppingToken.IsCancellationRequested)),
                MaxRetryAttempts = int.MaxValue,
                DelayGenerator = _ =>
                {
                    // A connection that stayed up a while starts the backoff afresh.
                    quickFailures = clock.GetUtcNow() - startedAt > TimeSpan.FromMinutes(1) ? 1 : quickFailures + 1;
                    var exponential = _options.RestartBaseDelay * Math.Pow(2, Math.Min(quickFailures - 1, 16));
                    var delay = TimeSpan.FromTicks(Math.Min(exponential.Ticks, _options.RestartMaxDelay.Ticks));
                    delay *= 0.8 + (Random.Shared.NextDouble() * 0.4);

                    var now = clock.GetUtcNow();
                    while (restarts.Count > 0 && now - restarts.Peek() > TimeSpan.FromHours(1))
                    {
                        restarts.Dequeue();
                    }

                    if (restarts.Count >= _options.MaxRestartsPerHour)
                    {
                        var wait = restarts.Peek() + TimeSpan.FromHours(1) - now;
                        delay = wait > delay ? wait : delay;
                    }

                    return ValueTask.FromResult<TimeSpan?>(delay);
                },
                OnRetry = async args =>
                {
                    var limited = restarts.Count >= _options.MaxRestartsPerHour;
                    var error = Describe(args.Outcome.Exception);
                    LogRestarting(adapter.Channel, adapter.AccountId, args.RetryDelay, error);
                    await status.DisconnectedAsync(error).ConfigureAwait(false);
                    await status.RestartsAsync(restarts.Count, limited).ConfigureAwait(false);
                },
            })
            .Build();

        using var refresh = new CancellationTokenSource();
        var refresher = RefreshAsync(status, refresh.Token);
        try
        {
            await pipeline.ExecuteAsync(async ct =>
            {
                if (startedAt != default && quickFailures > 0)
                {
                    restarts.Enqueue(clock.GetUtcNow());
                    ChannelWorkerTelemetry.Reconnects.Add(1, new KeyValuePair<string, object?>("channel", adapter.Channel));
                    await status.RestartsAsync(restarts.Count, false).ConfigureAwait(false);
                }

                startedAt = clock.GetUtcNow();
                await adapter.RunAsync(inbound, status, ct).ConfigureAwait(false);
            }, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (ChannelFatalException ex)
        {
            LogFatal(adapter.Channel, adapter.AccountId, ex.Message);
            await status.DisconnectedAsync(ex.Message).ConfigureAwait(false);
            // Keep publishing the failed status so `channels.status` shows why this account is down.
            await Task.Delay(Timeout.Infinite, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }
        finally
        {
            await refresh.CancelAsync().ConfigureAwait(false);
            await refresher.ConfigureAwait(false);
            await status.DisconnectedAsync("worker stopped").ConfigureAwait(false);
        }
    }

    private async Task RefreshAsync(ChannelStatusReporter status, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.StatusRefreshInterval, clock);
        try
        {
            await status.WriteAsync().ConfigureAwait(false);
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await status.WriteAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static string Describe(Exception? ex) => ex switch
    {
        null => "connection closed",
        HttpRequestException { StatusCode: { } code } => $"HTTP {(int)code}: {ex.Message}",
        _ => ex.Message,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Channel} account {Account} disconnected, reconnecting in {Delay}: {Error}")]
    private partial void LogRestarting(string channel, string account, TimeSpan delay, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Channel} account {Account} stopped and will not reconnect: {Error}")]
    private partial void LogFatal(string channel, string account, string error);
}
