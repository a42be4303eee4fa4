using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Docker.DotNet;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenClaw.Contracts;
using OpenClaw.Contracts.Sandbox;
using OpenClaw.SandboxManager.Docker;
using StackExchange.Redis;

namespace OpenClaw.SandboxManager.Requests;

/// <summary>
/// Reads <c>openclaw:sandbox:requests</c> in consumer group <c>sandbox-manager</c> (several managers share the load),
/// answers on the requester's reply stream, and takes over requests left pending by a manager that died (XAUTOCLAIM).
/// Live managers refresh their in-flight entries, so a long exec is never stolen. Each outcome is recorded under the
/// request id, so a request delivered twice is answered twice with the same reply instead of run twice.
/// </summary>
public sealed partial class SandboxRequestConsumer(
    IConnectionMultiplexer redis,
    SandboxRequestHandler handler,
    IOptions<SandboxManagerOptions> options,
    TimeProvider time,
    ILogger<SandboxRequestConsumer> logger) : BackgroundService
{
    public const string TelemetryName = "OpenClaw.SandboxManager";
    public static readonly ActivitySource ActivitySource = new(TelemetryName);
    private static readonly Meter Meter = new(TelemetryName);
    private static readonly Histogram<double> RequestDuration = Meter.CreateHistogram<double>(
        "openclaw.sandbox.request.duration", "s", "Time from a sandbox request being read to its reply, by operation and outcome");

    private readonly SandboxManagerOptions _options = options.Value;
    private readonly StreamNames _streams = new(options.Value.Prefix);
    private readonly ConcurrentDictionary<string, byte> _inFlight = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0);
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrency, options.Value.MaxConcurrency);

    public string InstanceId { get; } = options.Value.InstanceId is { Length: > 0 } id
        ? id
        : $"{Environment.MachineName}-{Environment.ProcessId}-{Ulid.NewId()[^6..]}".ToLowerInvariant();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await EnsureGroupAsync(stoppingToken);
        var channel = RedisChannel.Literal(_streams.SandboxRequests + SandboxMessageTypes.NotifySuffix);
        await redis.GetSubscriber().SubscribeAsync(channel, (_, _) => _wake.Release());
        var heartbeat = HeartbeatAsync(stoppingToken);
        LogStarted(logger, InstanceId);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                StreamEntry[] entries;
                try
                {
                    entries = await redis.GetDatabase().StreamReadGroupAsync(
                        _streams.SandboxRequests, StreamNames.SandboxManagerGroup, InstanceId, ">", count: _options.MaxConcurrency);
                }
                catch (RedisServerException ex) when (ex.Message.Contains("NOGROUP", StringComparison.Ordinal))
                {
                    await EnsureGroupAsync(stoppingToken);
                    continue;
                }
                catch (RedisException ex)
                {
                    LogRedisFailed(logger, ex);
                    await Task.Delay(_options.PollInterval, time, stoppingToken);
                    continue;
                }

                foreach (var entry in entries)
                {
                    await StartAsync(entry, deliveries: 1, stoppingToken);
                }

                if (entries.Length == 0)
                {
                    await _wake.WaitAsync(_options.PollInterval, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await redis.GetSubscriber().UnsubscribeAsync(channel);
            await heartbeat.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task StartAsync(StreamEntry entry, long deliveries, CancellationToken stoppingToken)
    {
        var id = entry.Id.ToString();
        if (!_inFlight.TryAdd(id, 0))
        {
            return;
        }

        await _slots.WaitAsync(stoppingToken);
        _ = Task.Run(async () =>
        {
            try
            {
                await ProcessAsync(entry, deliveries, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Left pending: another manager takes it over.
            }
            catch (Exception ex)
            {
                LogProcessFailed(logger, id, ex);
            }
            finally
            {
                _inFlight.TryRemove(id, out _);
                _slots.Release();
            }
        }, CancellationToken.None);
    }

    private async Task ProcessAsync(StreamEntry entry, long deliveries, CancellationToken stoppingToken)
    {
        var json = (string?)entry[SandboxMessageTypes.EnvelopeField];
        Envelope<SandboxRequest> envelope;
        try
        {
            envelope = EnvelopeSerializer.Deserialize<SandboxRequest>(json ?? throw new EnvelopeFormatException($"the entry has no \"{SandboxMessageTypes.EnvelopeField}\" field"));
        }
        catch (Exception ex) when (ex is EnvelopeFormatException or JsonException or NotSupportedException)
        {
            await RejectMalformedAsync(entry, json, ex.Message);
            return;
        }

        var request = envelope.Payload;
        var db = redis.GetDatabase();
        var doneKey = $"{_options.Prefix}sandbox:done:{envelope.Id}";
        if (await db.StringGetAsync(doneKey) is { IsNullOrEmpty: false } previous)
        {
            // Answered before (we died between reply and ack, or the request was re-sent): repeat the same answer.
            await SendAsync(entry.Id, request.ReplyTo, (string)previous!, doneKey);
            return;
        }

        SandboxReply reply;
        if (string.IsNullOrWhiteSpace(request.ReplyTo))
        {
            await RejectMalformedAsync(entry, json, "payload.replyTo is missing");
            return;
        }

        if (request.ExpiresAtMs is { } expires && expires < time.GetUtcNow().ToUnixTimeMilliseconds())
        {
            reply = Error(envelope.Id, SandboxErrorCodes.Expired, "the request expired before a SandboxManager could run it");
        }
        else if (deliveries > _options.MaxDeliveries)
        {
            reply = Error(envelope.Id, SandboxErrorCodes.ManagerFailed,
                $"the SandboxManager handling this request stopped {deliveries - 1} times; giving up (see the sandbox-manager logs)");
            await db.StreamAddAsync(_streams.DeadLetter, [new("envelope", json), new("reason", "sandbox request delivered too often")]);
        }
        else
        {
            using var activity = StartActivity(envelope);
            var started = Stopwatch.GetTimestamp();
            reply = await RunAsync(envelope, stoppingToken);
            RequestDuration.Record(
                Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("op", Operation(request)),
                new KeyValuePair<string, object?>("outcome", reply.Ok ? "ok" : reply.Error?.Code));
            activity?.SetTag("openclaw.sandbox.outcome", reply.Ok ? "ok" : reply.Error?.Code);
        }

        var replyJson = EnvelopeSerializer.Serialize(EnvelopeSerializer.Wrap(SandboxMessageTypes.Reply, reply, time));
        await SendAsync(entry.Id, request.ReplyTo, replyJson, doneKey);
    }

    private async Task<SandboxReply> RunAsync(Envelope<SandboxRequest> envelope, CancellationToken stoppingToken)
    {
        try
        {
            var (result, warnings) = await handler.HandleAsync(envelope.Payload, stoppingToken);
            return new SandboxReply { RequestId = envelope.Id, Ok = true, Result = result, Warnings = warnings, Manager = InstanceId };
        }
        catch (SandboxFailure failure)
        {
            return Error(envelope.Id, failure.Code, failure.Message);
        }
        catch (DockerApiException ex)
        {
            return Error(envelope.Id, SandboxErrorCodes.Internal, $"Docker refused the operation ({(int)ex.StatusCode}): {ex.ResponseBody.Trim()}");
        }
        catch (HttpRequestException ex)
        {
            return Error(envelope.Id, SandboxErrorCodes.DockerUnavailable,
                $"Sandbox mode requires Docker, but the SandboxManager cannot reach the Docker engine ({ex.Message}). Start Docker and retry.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogUnexpected(logger, envelope.Id, ex);
            return Error(envelope.Id, SandboxErrorCodes.Internal, $"the SandboxManager failed: {ex.Message}");
        }
    }

    /// <summary>Reply, remember the outcome and acknowledge in one transaction, then wake the requester.</summary>
    private async Task SendAsync(RedisValue entryId, string replyTo, string replyJson, string doneKey)
    {
        var replies = _streams.SandboxReplies(replyTo);
        var transaction = redis.GetDatabase().CreateTransaction();
        _ = transaction.StreamAddAsync(replies, SandboxMessageTypes.EnvelopeField, replyJson, maxLength: 10_000, useApproximateMaxLength: true);
        _ = transaction.KeyExpireAsync(replies, _options.ReplyRetention);
        _ = transaction.StringSetAsync(doneKey, replyJson, _options.ReplyRetention);
        _ = transaction.StreamAcknowledgeAsync(_streams.SandboxRequests, StreamNames.SandboxManagerGroup, entryId);
        await transaction.ExecuteAsync();
        await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(replies + SandboxMessageTypes.NotifySuffix), "1");
    }

    /// <summary>Not a request we can run: answer with the reason when we can tell who asked, dead-letter it, never crash.</summary>
    private async Task RejectMalformedAsync(StreamEntry entry, string? json, string reason)
    {
        LogMalformed(logger, entry.Id.ToString(), reason);
        var (id, replyTo) = TryReadIds(json);
        var db = redis.GetDatabase();
        await db.StreamAddAsync(_streams.DeadLetter, [new("envelope", json ?? ""), new("reason", $"malformed sandbox request: {reason}")]);
        if (id is not null && replyTo is not null)
        {
            var reply = Error(id, SandboxErrorCodes.BadRequest, $"malformed sandbox request: {reason}");
            await SendAsync(entry.Id, replyTo, EnvelopeSerializer.Serialize(EnvelopeSerializer.Wrap(SandboxMessageTypes.Reply, reply, time)), $"{_options.Prefix}sandbox:done:{id}");
        }
        else
        {
            await db.StreamAcknowledgeAsync(_streams.SandboxRequests, StreamNames.SandboxManagerGroup, entry.Id);
        }
    }

    private async Task HeartbeatAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.HeartbeatInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).AsTask().ContinueWith(t => !t.IsCanceled && t.Result, TaskScheduler.Default))
        {
            try
            {
                var db = redis.GetDatabase();
                if (!_inFlight.IsEmpty)
                {
                    // Claiming our own entries resets their idle time: proof of life for long-running requests.
                    await db.StreamClaimIdsOnlyAsync(_streams.SandboxRequests, StreamNames.SandboxManagerGroup, InstanceId, 0,
                        [.. _inFlight.Keys.Select(k => (RedisValue)k)]);
                }

                var claimed = await db.StreamAutoClaimAsync(_streams.SandboxRequests, StreamNames.SandboxManagerGroup, InstanceId,
                    (long)_options.ClaimIdleTime.TotalMilliseconds, "0-0", count: 10);
                foreach (var entry in claimed.ClaimedEntries.Where(e => !e.IsNull))
                {
                    var pending = await db.StreamPendingMessagesAsync(_streams.SandboxRequests, StreamNames.SandboxManagerGroup, 1, InstanceId, entry.Id, entry.Id);
                    var deliveries = pending.Length > 0 ? pending[0].DeliveryCount : 2;
                    LogTakingOver(logger, entry.Id.ToString(), deliveries);
                    await StartAsync(entry, deliveries, stoppingToken);
                }

                // Entries deleted from the stream while pending are reported by id only: acknowledge them away.
                if (claimed.DeletedIds.Length > 0)
                {
                    await db.StreamAcknowledgeAsync(_streams.SandboxRequests, StreamNames.SandboxManagerGroup, claimed.DeletedIds);
                }
            }
            catch (RedisException ex)
            {
                LogRedisFailed(logger, ex);
            }
        }
    }

    private async Task EnsureGroupAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                await redis.GetDatabase().StreamCreateConsumerGroupAsync(_streams.SandboxRequests, StreamNames.SandboxManagerGroup, "0-0", createStream: true);
                return;
            }
            catch (RedisServerException ex) when (ex.Message.Contains("BUSYGROUP", StringComparison.Ordinal))
            {
                return;
            }
            catch (RedisException ex)
            {
                LogRedisFailed(logger, ex);
                await Task.Delay(_options.PollInterval, time, stoppingToken);
            }
        }
    }

    private SandboxReply Error(string requestId, string code, string message) =>
        new() { RequestId = requestId, Ok = false, Error = new SandboxError(code, message), Manager = InstanceId };

    private static (string? Id, string? ReplyTo) TryReadIds(string? json)
    {
        if (json is null)
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var id = root.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
            var replyTo = root.TryGetProperty("payload", out var payload) && payload.ValueKind == JsonValueKind.Object
                && payload.TryGetProperty("replyTo", out var replyElement) && replyElement.ValueKind == JsonValueKind.String
                ? replyElement.GetString()
                : null;
            return (id, string.IsNullOrWhiteSpace(replyTo) ? null : replyTo);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string Operation(SandboxRequest request) => request switch
    {
        EnsureSandboxRequest => "ensure",
        ExecRequest => "exec",
        ReadFileRequest => "read",
        WriteFileRequest => "write",
        EditFileRequest => "edit",
        ApplyPatchRequest => "apply_patch",
        CopyMediaRequest => "copy_media",
        ListSandboxesRequest => "list",
        RecreateSandboxesRequest => "recreate",
        ExplainSandboxRequest => "explain",
        PruneSandboxesRequest => "prune",
        _ => "unknown",
    };

    private static Activity? StartActivity(Envelope<SandboxRequest> envelope)
    {
        ActivityContext.TryParse(envelope.Traceparent, envelope.Tracestate, out var parent);
        var activity = ActivitySource.StartActivity("sandbox " + Operation(envelope.Payload), ActivityKind.Consumer, parent);
        activity?.SetTag("openclaw.sandbox.container", (envelope.Payload as SandboxSpecRequest)?.Spec?.ContainerName);
        return activity;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox manager {InstanceId} is serving requests")]
    private static partial void LogStarted(ILogger logger, string instanceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis call failed; retrying")]
    private static partial void LogRedisFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sandbox request {EntryId} failed outside the handler")]
    private static partial void LogProcessFailed(ILogger logger, string entryId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sandbox request {RequestId} failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, string requestId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Malformed sandbox request {EntryId}: {Reason}")]
    private static partial void LogMalformed(ILogger logger, string entryId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Taking over sandbox request {EntryId} from a silent manager (delivery {Deliveries})")]
    private static partial void LogTakingOver(ILogger logger, string entryId, long deliveries);
}
