using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OpenClaw.Contracts;
using OpenClaw.Messaging;
using StackExchange.Redis;

namespace OpenClaw.Gateway.Channels;

/// <summary>
/// Consumes <c>openclaw:inbound</c> in group <c>gateway</c>. Entries are handed to <see cref="InboundTurnHandler"/>
/// in stream order (so one chat's turns start in order) and finish concurrently. Entries a dead gateway left
/// pending are claimed with XAUTOCLAIM after <see cref="GatewayChannelsOptions.ClaimIdleTime"/>; entries still
/// in flight here are never claimed twice.
/// </summary>
internal sealed partial class InboundConsumer(
    IServiceProvider services,
    IOptions<GatewayChannelsOptions> options,
    ILogger<InboundConsumer> logger) : BackgroundService
{
    private readonly GatewayChannelsOptions _options = options.Value;
    private readonly StreamNames _names = new(options.Value.RedisPrefix);
    private readonly string _consumer = $"gateway-{Environment.MachineName}-{Environment.ProcessId}";
    private readonly ConcurrentDictionary<string, byte> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _chatChains = new(StringComparer.Ordinal);
    private IConnectionMultiplexer redis = null!;
    private InboundTurnHandler handler = null!;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        // Resolved here, not in the constructor: a gateway without Redis (no ConnectionStrings__redis) still
        // starts and serves the WebSocket and HTTP APIs; only the channels are off.
        if (services.GetService<IConnectionMultiplexer>() is not { } multiplexer)
        {
            LogChannelsOff("no Redis is configured; set ConnectionStrings__redis (the AppHost does) to receive channel messages");
            return;
        }

        redis = multiplexer;
        handler = services.GetRequiredService<InboundTurnHandler>();

        await Task.Yield();
        using var slots = new SemaphoreSlim(_options.MaxInFlight);
        ConnectionMultiplexer? dedicated = null;
        var groupReady = false;
        var nextClaim = DateTimeOffset.MinValue;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    dedicated ??= await ConnectionMultiplexer.ConnectAsync(redis.Configuration).ConfigureAwait(false);
                    if (!groupReady)
                    {
                        await EnsureGroupAsync().ConfigureAwait(false);
                        groupReady = true;
                    }

                    if (DateTimeOffset.UtcNow >= nextClaim)
                    {
                        await ClaimStaleAsync(slots, stoppingToken).ConfigureAwait(false);
                        nextClaim = DateTimeOffset.UtcNow + TimeSpan.FromTicks(Math.Max(_options.ClaimIdleTime.Ticks / 2, TimeSpan.FromMilliseconds(200).Ticks));
                    }

                    var entries = await new BlockingStreamReader(dedicated)
                        .ReadGroupAsync(_names.Inbound, StreamNames.GatewayGroup, _consumer, _options.ReadBatchSize, TimeSpan.FromSeconds(1)).ConfigureAwait(false);
                    await DispatchAsync(entries, slots, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (RedisServerException ex) when (ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
                {
                    groupReady = false;
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    LogRedisUnavailable(ex.Message);
                    groupReady = false;
                    await Task.Delay(TimeSpan.FromMilliseconds(500), stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogUnexpected(ex);
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            if (dedicated is not null)
            {
                await dedicated.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task EnsureGroupAsync()
    {
        try
        {
            await redis.GetDatabase().StreamCreateConsumerGroupAsync(_names.Inbound, StreamNames.GatewayGroup, "0-0", createStream: true).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.Contains("BUSYGROUP", StringComparison.Ordinal))
        {
        }
    }

    private async Task ClaimStaleAsync(SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        // XPENDING + XCLAIM rather than XAUTOCLAIM: entries this process is still working on (a long session
        // lane) must not be claimed again, because every claim adds to their delivery count.
        var db = redis.GetDatabase();
        var pending = await db.StreamPendingMessagesAsync(_names.Inbound, StreamNames.GatewayGroup, 1000, RedisValue.Null,
            minIdleTimeInMs: (long)_options.ClaimIdleTime.TotalMilliseconds).ConfigureAwait(false);
        var candidates = pending.Where(p => !_inFlight.ContainsKey(p.MessageId!)).ToList();
        if (candidates.Count == 0)
        {
            return;
        }

        var claimed = await db.StreamClaimAsync(_names.Inbound, StreamNames.GatewayGroup, _consumer,
            (long)_options.ClaimIdleTime.TotalMilliseconds, [.. candidates.Select(p => p.MessageId)]).ConfigureAwait(false);
        var stale = claimed.Where(e => !e.IsNull && !_inFlight.ContainsKey(e.Id!)).ToList();
        if (stale.Count == 0)
        {
            return;
        }

        LogClaimed(stale.Count);
        var deliveries = candidates.ToDictionary(p => p.MessageId.ToString(), p => p.DeliveryCount + 1);
        foreach (var entry in stale.Where(e => deliveries.GetValueOrDefault(e.Id.ToString()) > _options.MaxDeliveryAttempts).ToList())
        {
            // An entry that keeps failing (or keeps crashing gateways) is set aside.
            await handler.DeadLetterAsync(entry, $"not finished after {_options.MaxDeliveryAttempts} deliveries", deliveries[entry.Id.ToString()]).ConfigureAwait(false);
            stale.Remove(entry);
        }

        await DispatchAsync([.. stale], slots, cancellationToken).ConfigureAwait(false);
    }

    private async Task DispatchAsync(StreamEntry[] entries, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        foreach (var entry in entries)
        {
            if (!_inFlight.TryAdd(entry.Id!, 0))
            {
                continue;
            }

            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            var parsed = InboundTurnHandler.Parse(entry);
            var key = parsed.OrderingKey;
            // Turns of one chat start in stream order (the runner queues a session's turns in the order they
            // start); different chats start concurrently, so their session-store writes can share a commit.
            var previous = _chatChains.TryGetValue(key, out var chain) ? chain : Task.CompletedTask;
            var begun = BeginAfterAsync(previous, entry, parsed, cancellationToken);
            _chatChains[key] = begun;
            _ = Task.Run(async () =>
            {
                try
                {
                    var finish = await begun.ConfigureAwait(false);
                    await finish().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    LogFinishFailed(entry.Id.ToString(), ex.Message);
                }
                finally
                {
                    _chatChains.TryRemove(new KeyValuePair<string, Task>(key, begun));
                    _inFlight.TryRemove(entry.Id!, out _);
                    slots.Release();
                }
            }, CancellationToken.None);
        }
    }

    private async Task<Func<Task>> BeginAfterAsync(Task previous, StreamEntry entry, ParsedInbound parsed, CancellationToken cancellationToken)
    {
        // The previous turn's failure is its own (it stays pending and is retried); this one starts regardless.
        await Task.WhenAny(previous).ConfigureAwait(false);
        return await handler.BeginAsync(entry, parsed, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channels are off: {Reason}")]
    private partial void LogChannelsOff(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis unavailable for the inbound stream, retrying: {Error}")]
    private partial void LogRedisUnavailable(string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error in the inbound consumer; continuing")]
    private partial void LogUnexpected(Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Claimed {Count} inbound entries left pending by a stopped gateway")]
    private partial void LogClaimed(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbound entry {EntryId} stays pending and will be retried: {Error}")]
    private partial void LogFinishFailed(string entryId, string error);
}
