using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OpenClaw.Contracts;
using StackExchange.Redis;

namespace OpenClaw.Gateway.Channels;

/// <summary>
/// Consumes <c>openclaw:inbound</c> in group <c>gateway</c>. Entries are handed to <see cref="InboundTurnHandler"/>
/// in stream order (so one chat's turns start in order) and finish concurrently. Entries a dead gateway left
/// pending are claimed with XAUTOCLAIM after <see cref="GatewayChannelsOptions.ClaimIdleTime"/>; entries still
/// in flight here are never claimed twice.
/// </summary>
internal sealed partial class InboundConsumer(
    IConnectionMultiplexer redis,
    InboundTurnHandler handler,
    IOptions<GatewayChannelsOptions> options,
    ILogger<InboundConsumer> logger) : BackgroundService
{
    private readonly GatewayChannelsOptions _options = options.Value;
    private readonly StreamNames _names = new(options.Value.RedisPrefix);
    private readonly string _consumer = $"gateway-{Environment.MachineName}-{Environment.ProcessId}";
    private readonly ConcurrentDictionary<string, byte> _inFlight = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

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
        var db = redis.GetDatabase();
        RedisValue start = "0-0";
        do
        {
            var claimed = await db.StreamAutoClaimAsync(_names.Inbound, StreamNames.GatewayGroup, _consumer,
                (long)_options.ClaimIdleTime.TotalMilliseconds, start, _options.ReadBatchSize).ConfigureAwait(false);
            var stale = claimed.ClaimedEntries.Where(e => !_inFlight.ContainsKey(e.Id!)).ToList();
            if (stale.Count > 0)
            {
                LogClaimed(stale.Count);
                // Redis counts deliveries; an entry that keeps failing (or crashing gateways) is set aside.
                var pending = await db.StreamPendingMessagesAsync(_names.Inbound, StreamNames.GatewayGroup, stale.Count + 16,
                    _consumer, stale[0].Id, stale[^1].Id).ConfigureAwait(false);
                var deliveries = pending.ToDictionary(p => p.MessageId.ToString(), p => p.DeliveryCount);
                foreach (var entry in stale.Where(e => deliveries.GetValueOrDefault(e.Id.ToString()) > _options.MaxDeliveryAttempts).ToList())
                {
                    await handler.DeadLetterAsync(entry, $"not finished after {_options.MaxDeliveryAttempts} deliveries", deliveries[entry.Id.ToString()]).ConfigureAwait(false);
                    stale.Remove(entry);
                }

                await DispatchAsync([.. stale], slots, cancellationToken).ConfigureAwait(false);
            }

            foreach (var deleted in claimed.DeletedIds)
            {
                await db.StreamAcknowledgeAsync(_names.Inbound, StreamNames.GatewayGroup, deleted).ConfigureAwait(false);
            }

            start = claimed.NextStartId;
        }
        while (start != "0-0" && !cancellationToken.IsCancellationRequested);
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
            Func<Task> finish;
            try
            {
                // Started in stream order: the runner queues a session's turns in the order they start.
                finish = await handler.BeginAsync(entry, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                _inFlight.TryRemove(entry.Id!, out _);
                slots.Release();
                throw;
            }

            _ = Task.Run(async () =>
            {
                try
                {
                    await finish().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    LogFinishFailed(entry.Id.ToString(), ex.Message);
                }
                finally
                {
                    _inFlight.TryRemove(entry.Id!, out _);
                    slots.Release();
                }
            }, CancellationToken.None);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis unavailable for the inbound stream, retrying: {Error}")]
    private partial void LogRedisUnavailable(string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error in the inbound consumer; continuing")]
    private partial void LogUnexpected(Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Claimed {Count} inbound entries left pending by a stopped gateway")]
    private partial void LogClaimed(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbound entry {EntryId} stays pending and will be retried: {Error}")]
    private partial void LogFinishFailed(string entryId, string error);
}
