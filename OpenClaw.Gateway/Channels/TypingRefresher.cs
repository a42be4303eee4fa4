using Microsoft.Extensions.Options;
using OpenClaw.Contracts;
using OpenClaw.Contracts.Channels;
using StackExchange.Redis;

namespace OpenClaw.Gateway.Channels;

/// <summary>
/// Keeps the typing indicator up while an agent turn runs: a platform shows "typing…" only for a few seconds
/// per request (Telegram ~5 s, Discord ~10 s), so the typing action is queued again before it expires until
/// the turn ends. Slack has no typing indicator for bots, so nothing is sent there.
/// </summary>
internal sealed partial class TypingRefresher(IConnectionMultiplexer redis, IOptions<GatewayChannelsOptions> options, ILogger<TypingRefresher> logger)
{
    private readonly GatewayChannelsOptions _options = options.Value;
    private readonly StreamNames _names = new(options.Value.RedisPrefix);

    /// <summary>How often typing is sent again on a platform; null when it has no typing indicator.</summary>
    public TimeSpan? IntervalFor(string channel) => channel switch
    {
        "slack" => null,
        _ when _options.TypingInterval is { } configured => configured,
        "telegram" => TimeSpan.FromSeconds(4),
        "discord" => TimeSpan.FromSeconds(8),
        _ => TimeSpan.FromSeconds(5),
    };

    /// <summary>Sends typing now and keeps refreshing it until the returned handle is disposed (or the turn timeout passes).</summary>
    public IAsyncDisposable Start(OutboundTarget target)
    {
        if (IntervalFor(target.Channel) is not { } interval)
        {
            return NoTyping.Instance;
        }

        var stop = new CancellationTokenSource(_options.TurnTimeout);
        var loop = RefreshAsync(target, interval, stop.Token);
        return new Handle(stop, loop);
    }

    private async Task RefreshAsync(OutboundTarget target, TimeSpan interval, CancellationToken cancellationToken)
    {
        var fields = ChannelStreamWriter.ActionFields(new ChannelAction { Kind = ChannelActionKind.Typing, Target = target });
        using var timer = new PeriodicTimer(interval);
        do
        {
            try
            {
                await redis.GetDatabase().StreamAddAsync(_names.Outbound(target.Channel), fields).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // Typing is cosmetic: a Redis hiccup must not disturb the turn.
                LogTypingFailed(target.Channel, ex.Message);
            }
        }
        while (await WaitAsync(timer, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not queue the {Channel} typing action: {Error}")]
    private partial void LogTypingFailed(string channel, string error);

    private sealed class Handle(CancellationTokenSource stop, Task loop) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await loop.ConfigureAwait(false);
            stop.Dispose();
        }
    }

    private sealed class NoTyping : IAsyncDisposable
    {
        public static readonly NoTyping Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
