using System.Text.Json;
using Microsoft.Extensions.Options;
using OpenClaw.Contracts;
using OpenClaw.Contracts.Channels;
using OpenClaw.Messaging;
using StackExchange.Redis;

namespace OpenClaw.ChannelWorkers.Pipeline;

/// <summary>
/// Reads <c>openclaw:outbound:&lt;channel&gt;</c> in consumer group <c>channel-&lt;channel&gt;</c> and sends
/// each entry through the account's adapter. An entry is acknowledged only after the platform accepted it,
/// together with its <c>sent:&lt;idempotencyKey&gt;</c> marker, so a redelivery (after a crash, or a claim
/// from a dead worker with XAUTOCLAIM) is skipped instead of sent twice. Failed sends stay pending and are
/// claimed again after <see cref="ChannelWorkerOptions.ClaimIdleTime"/>; after
/// <see cref="ChannelWorkerOptions.MaxDeliveryAttempts"/> deliveries they go to the dead-letter stream.
/// </summary>
internal sealed partial class OutboundConsumer(
    IConnectionMultiplexer redis,
    ChannelAdapterRegistry adapters,
    DeadLetterWriter deadLetters,
    IOptions<ChannelWorkerOptions> options,
    ILogger<OutboundConsumer> logger) : BackgroundService
{
    private readonly ChannelWorkerOptions _options = options.Value;
    private readonly StreamNames _names = new(options.Value.RedisPrefix);
    private readonly string _consumer = $"{options.Value.Channel}-{Environment.MachineName}-{Environment.ProcessId}";

    private RedisKey Stream => _names.Outbound(_options.Channel);

    private string Group => StreamNames.ChannelGroup(_options.Channel);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Blocking reads get a connection of their own (see BlockingStreamReader).
        using var dedicated = await ConnectionMultiplexer.ConnectAsync(redis.Configuration).ConfigureAwait(false);
        var reader = new BlockingStreamReader(dedicated);
        var nextClaim = DateTimeOffset.MinValue;
        var groupReady = false;

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!groupReady)
                {
                    await EnsureGroupAsync().ConfigureAwait(false);
                    groupReady = true;
                }

                if (DateTimeOffset.UtcNow >= nextClaim)
                {
                    await ClaimStaleAsync(stoppingToken).ConfigureAwait(false);
                    nextClaim = DateTimeOffset.UtcNow + TimeSpan.FromTicks(Math.Max(_options.ClaimIdleTime.Ticks / 2, TimeSpan.FromMilliseconds(200).Ticks));
                }

                var entries = await reader.ReadGroupAsync(Stream, Group, _consumer, _options.ReadBatchSize, TimeSpan.FromSeconds(1)).ConfigureAwait(false);
                if (entries.Length > 0)
                {
                    await ProcessAsync(entries, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (RedisServerException ex) when (ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
            {
                // Redis restarted without its data (or the stream was deleted): create the group again.
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
                // A bug must not stop delivery for good: log it and keep consuming.
                LogUnexpected(ex);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task EnsureGroupAsync()
    {
        try
        {
            await redis.GetDatabase().StreamCreateConsumerGroupAsync(Stream, Group, "0-0", createStream: true).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.Contains("BUSYGROUP", StringComparison.Ordinal))
        {
            // Already there: the normal case.
        }
    }

    private async Task ClaimStaleAsync(CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        RedisValue start = "0-0";
        do
        {
            var claimed = await db.StreamAutoClaimAsync(Stream, Group, _consumer,
                (long)_options.ClaimIdleTime.TotalMilliseconds, start, _options.ReadBatchSize).ConfigureAwait(false);
            if (claimed.ClaimedEntries.Length > 0)
            {
                LogClaimed(claimed.ClaimedEntries.Length);
                await ProcessAsync(claimed.ClaimedEntries, cancellationToken).ConfigureAwait(false);
            }

            foreach (var deleted in claimed.DeletedIds)
            {
                // Trimmed away while pending: nothing left to send.
                await db.StreamAcknowledgeAsync(Stream, Group, deleted).ConfigureAwait(false);
            }

            start = claimed.NextStartId;
        }
        while (start != "0-0" && !cancellationToken.IsCancellationRequested);
    }

    private async Task ProcessAsync(StreamEntry[] entries, CancellationToken cancellationToken)
    {
        // Messages to one chat keep their order; different chats are sent in parallel.
        var byChat = entries.Select(e => (Entry: e, Parsed: Parse(e))).GroupBy(x => x.Parsed.ChatKey);
        await Parallel.ForEachAsync(byChat, new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = cancellationToken },
            async (chat, ct) =>
            {
                foreach (var (entry, parsed) in chat)
                {
                    await HandleAsync(entry, parsed, ct).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
    }

    private async Task HandleAsync(StreamEntry entry, ParsedEntry parsed, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        if (parsed.Error is not null)
        {
            LogMalformed(entry.Id.ToString(), parsed.Error);
            await deadLetters.WriteAsync(Stream, Group, entry, parsed.Error, attempts: 1).ConfigureAwait(false);
            return;
        }

        var adapter = adapters.Find(parsed.Target!.AccountId);
        if (adapter is null)
        {
            await deadLetters.WriteAsync(Stream, Group, entry,
                $"no account '{parsed.Target.AccountId}' is configured under channels.{_options.Channel}", attempts: 1).ConfigureAwait(false);
            return;
        }

        try
        {
            if (parsed.Message is { } message)
            {
                var sentKey = _names.Sent(message.IdempotencyKey);
                if (await db.KeyExistsAsync(sentKey).ConfigureAwait(false))
                {
                    LogAlreadySent(message.IdempotencyKey);
                    await db.StreamAcknowledgeAsync(Stream, Group, entry.Id).ConfigureAwait(false);
                    return;
                }

                await adapter.SendAsync(message, cancellationToken).ConfigureAwait(false);

                // The only window for a duplicate: a crash between the platform's answer and this transaction.
                await RecordSentAsync(sentKey, entry.Id).ConfigureAwait(false);
                ChannelWorkerTelemetry.OutboundMessages.Add(1, new KeyValuePair<string, object?>("channel", _options.Channel));
            }
            else
            {
                await adapter.PerformAsync(parsed.Action!, cancellationToken).ConfigureAwait(false);
                await db.StreamAcknowledgeAsync(Stream, Group, entry.Id).ConfigureAwait(false);
            }
        }
        catch (ChannelSendException ex) when (ex.Permanent)
        {
            LogSendRefused(entry.Id.ToString(), ex.Message);
            await deadLetters.WriteAsync(Stream, Group, entry, ex.Message, attempts: 1).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (ex is RedisException or TimeoutException && ex is not ChannelSendException)
            {
                throw;
            }

            await RecordFailureAsync(entry, ex).ConfigureAwait(false);
        }
    }

    /// <summary>The platform has the message: keep trying to record that through a Redis outage, or it would be sent again.</summary>
    private async Task RecordSentAsync(RedisKey sentKey, RedisValue entryId)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var done = redis.GetDatabase().CreateTransaction();
                _ = done.StringSetAsync(sentKey, entryId.ToString(), _options.SentKeyTtl);
                _ = done.StreamAcknowledgeAsync(Stream, Group, entryId);
                await done.ExecuteAsync().ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException && attempt < 120)
            {
                LogRedisUnavailable(ex.Message);
                await Task.Delay(delay).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
            }
        }
    }

    private async Task RecordFailureAsync(StreamEntry entry, Exception ex)
    {
        // Redis counts deliveries of a pending entry (XREADGROUP and each XAUTOCLAIM add one).
        var pending = await redis.GetDatabase().StreamPendingMessagesAsync(Stream, Group, 1, RedisValue.Null, entry.Id, entry.Id).ConfigureAwait(false);
        var attempts = pending.Length > 0 ? pending[0].DeliveryCount : 1;
        if (attempts >= _options.MaxDeliveryAttempts)
        {
            LogGivingUp(entry.Id.ToString(), attempts, ex.Message);
            await deadLetters.WriteAsync(Stream, Group, entry, ex.Message, attempts).ConfigureAwait(false);
        }
        else
        {
            LogSendFailed(entry.Id.ToString(), attempts, _options.MaxDeliveryAttempts, ex.Message);
        }
    }

    private static ParsedEntry Parse(StreamEntry entry)
    {
        var type = (string?)entry[ChannelMessageTypes.TypeField];
        var json = entry[ChannelMessageTypes.EnvelopeField];
        if (json.IsNull)
        {
            return ParsedEntry.Invalid($"entry has no '{ChannelMessageTypes.EnvelopeField}' field");
        }

        try
        {
            switch (type)
            {
                case ChannelMessageTypes.OutboundMessage:
                    var message = EnvelopeSerializer.Deserialize<OutboundMessage>((byte[])json!).Payload;
                    return message.Target is null || string.IsNullOrEmpty(message.IdempotencyKey)
                        ? ParsedEntry.Invalid("outbound message without target or idempotencyKey")
                        : new ParsedEntry(message, null, message.Target, null);
                case ChannelMessageTypes.OutboundAction:
                    var action = EnvelopeSerializer.Deserialize<ChannelAction>((byte[])json!).Payload;
                    return action.Target is null
                        ? ParsedEntry.Invalid("action without target")
                        : new ParsedEntry(null, action, action.Target, null);
                default:
                    return ParsedEntry.Invalid($"unknown entry type '{type}'");
            }
        }
        catch (Exception ex) when (ex is EnvelopeFormatException or JsonException or InvalidOperationException)
        {
            return ParsedEntry.Invalid(ex.Message);
        }
    }

    private sealed record ParsedEntry(OutboundMessage? Message, ChannelAction? Action, OutboundTarget? Target, string? Error)
    {
        public string ChatKey => Target is null ? "" : $"{Target.AccountId}\n{Target.ChatId}";

        public static ParsedEntry Invalid(string error) => new(null, null, null, error);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis unavailable for the outbound stream, retrying: {Error}")]
    private partial void LogRedisUnavailable(string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error in the outbound consumer; continuing")]
    private partial void LogUnexpected(Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Claimed {Count} stale outbound entries")]
    private partial void LogClaimed(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbound entry {EntryId} is malformed and goes to the dead-letter stream: {Error}")]
    private partial void LogMalformed(string entryId, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Outbound message {IdempotencyKey} was already sent; acknowledging the redelivery")]
    private partial void LogAlreadySent(string idempotencyKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The platform refused outbound entry {EntryId} for good: {Error}")]
    private partial void LogSendRefused(string entryId, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbound entry {EntryId} failed {Attempts} times, moved to the dead-letter stream: {Error}")]
    private partial void LogGivingUp(string entryId, long attempts, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending outbound entry {EntryId} failed (attempt {Attempts} of {Max}), will retry: {Error}")]
    private partial void LogSendFailed(string entryId, long attempts, int max, string error);
}
