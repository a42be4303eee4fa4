using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenClaw.Contracts;
using OpenClaw.Contracts.Sandbox;
using StackExchange.Redis;

namespace OpenClaw.Gateway.Sandbox;

/// <summary>
/// Sends requests with XADD to <c>openclaw:sandbox:requests</c> and awaits the reply correlated by envelope id on
/// this instance's <c>openclaw:sandbox:replies:&lt;instance&gt;</c> stream. A pub/sub nudge wakes the other side at
/// once; a slow poll covers missed nudges. Callers give up after a timeout with a clear error.
/// </summary>
public sealed partial class SandboxClient : ISandboxClient, IAsyncDisposable
{
    private readonly IConnectionMultiplexer _redis;
    private readonly SandboxClientOptions _options;
    private readonly ILogger<SandboxClient> _logger;
    private readonly TimeProvider _time;
    private readonly StreamNames _streams;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<SandboxReply>> _pending = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;
    private readonly Lock _startLock = new();
    private Task? _listener;

    public SandboxClient(IConnectionMultiplexer redis, IOptions<SandboxClientOptions> options, ILogger<SandboxClient> logger, TimeProvider? time = null)
    {
        _redis = redis;
        _options = options.Value;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _streams = new StreamNames(_options.Prefix);
        InstanceId = _options.InstanceId is { Length: > 0 } id
            ? id
            : $"{Environment.MachineName}-{Environment.ProcessId}-{Ulid.NewId()[^6..]}".ToLowerInvariant();
    }

    public string InstanceId { get; }

    public async Task<SandboxReply> SendAsync(SandboxRequest request, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        EnsureListening();
        var wait = timeout ?? (request is ExecRequest exec
            ? TimeSpan.FromSeconds(exec.TimeoutSeconds) + _options.ExecTimeoutMargin
            : _options.RequestTimeout);
        var stamped = request with
        {
            ReplyTo = InstanceId,
            ExpiresAtMs = (_time.GetUtcNow() + wait).ToUnixTimeMilliseconds(),
        };
        var envelope = EnvelopeSerializer.Wrap<SandboxRequest>(SandboxMessageTypes.Request, stamped, _time);
        var completion = new TaskCompletionSource<SandboxReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[envelope.Id] = completion;
        try
        {
            try
            {
                var db = _redis.GetDatabase();
                await db.StreamAddAsync(_streams.SandboxRequests, SandboxMessageTypes.EnvelopeField, EnvelopeSerializer.Serialize(envelope));
                await _redis.GetSubscriber().PublishAsync(RedisChannel.Literal(_streams.SandboxRequests + SandboxMessageTypes.NotifySuffix), envelope.Id);
            }
            catch (RedisException ex)
            {
                throw new SandboxException(
                    SandboxErrorCodes.RedisUnavailable,
                    $"cannot send the sandbox {OpName(request)} request: Redis does not answer ({ex.Message}); check ConnectionStrings__redis and that Redis is running");
            }

            try
            {
                return await completion.Task.WaitAsync(wait, _time, cancellationToken);
            }
            catch (TimeoutException)
            {
                throw new SandboxException(
                    SandboxErrorCodes.Timeout,
                    $"no SandboxManager answered the sandbox {OpName(request)} request within {wait.TotalSeconds:0} s; check that OpenClaw.SandboxManager is running and can reach Docker");
            }
        }
        finally
        {
            _pending.TryRemove(envelope.Id, out _);
        }
    }

    public Task<EnsureSandboxResult> EnsureAsync(SandboxSpec spec, CancellationToken cancellationToken = default) =>
        CallAsync<EnsureSandboxResult>(new EnsureSandboxRequest { Spec = spec }, cancellationToken);

    public Task<ExecResult> ExecAsync(ExecRequest request, CancellationToken cancellationToken = default) => CallAsync<ExecResult>(request, cancellationToken);

    public Task<ReadFileResult> ReadFileAsync(ReadFileRequest request, CancellationToken cancellationToken = default) => CallAsync<ReadFileResult>(request, cancellationToken);

    public Task<WriteFileResult> WriteFileAsync(WriteFileRequest request, CancellationToken cancellationToken = default) => CallAsync<WriteFileResult>(request, cancellationToken);

    public Task<EditFileResult> EditFileAsync(EditFileRequest request, CancellationToken cancellationToken = default) => CallAsync<EditFileResult>(request, cancellationToken);

    public Task<ApplyPatchResult> ApplyPatchAsync(ApplyPatchRequest request, CancellationToken cancellationToken = default) => CallAsync<ApplyPatchResult>(request, cancellationToken);

    public Task<CopyMediaResult> CopyMediaAsync(CopyMediaRequest request, CancellationToken cancellationToken = default) => CallAsync<CopyMediaResult>(request, cancellationToken);

    public Task<ListSandboxesResult> ListAsync(ListSandboxesRequest request, CancellationToken cancellationToken = default) => CallAsync<ListSandboxesResult>(request, cancellationToken);

    public Task<RecreateSandboxesResult> RecreateAsync(RecreateSandboxesRequest request, CancellationToken cancellationToken = default) =>
        CallAsync<RecreateSandboxesResult>(request, cancellationToken);

    public Task<ExplainSandboxResult> ExplainAsync(SandboxSpec spec, CancellationToken cancellationToken = default) =>
        CallAsync<ExplainSandboxResult>(new ExplainSandboxRequest { Spec = spec }, cancellationToken);

    public Task<PruneSandboxesResult> PruneAsync(PruneSandboxesRequest request, CancellationToken cancellationToken = default) => CallAsync<PruneSandboxesResult>(request, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        // Registered as itself and as ISandboxClient, so the container disposes it twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        if (_listener is not null)
        {
            try
            {
                await _listener;
            }
            catch (OperationCanceledException)
            {
            }
        }

        _stopping.Dispose();
        _wake.Dispose();
    }

    private async Task<T> CallAsync<T>(SandboxRequest request, CancellationToken cancellationToken)
        where T : SandboxResult
    {
        var reply = await SendAsync(request, cancellationToken: cancellationToken);
        foreach (var warning in reply.Warnings)
        {
            LogWarning(_logger, warning);
        }

        if (!reply.Ok || reply.Result is not T result)
        {
            var error = reply.Error ?? new SandboxError(SandboxErrorCodes.Internal, $"the SandboxManager answered the {OpName(request)} request without a result");
            throw new SandboxException(error.Code, error.Message);
        }

        return result;
    }

    private void EnsureListening()
    {
        lock (_startLock)
        {
            _listener ??= Task.Run(ListenAsync);
        }
    }

    private async Task ListenAsync()
    {
        var stream = _streams.SandboxReplies(InstanceId);
        var channel = RedisChannel.Literal(stream + SandboxMessageTypes.NotifySuffix);
        var subscribed = false;
        var lastId = "0-0";
        var token = _stopping.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                try
                {
                    // A Redis outage must not end the listener: every step is retried on the next round.
                    if (!subscribed)
                    {
                        await _redis.GetSubscriber().SubscribeAsync(channel, (_, _) => _wake.Release());
                        subscribed = true;
                    }

                    var entries = await _redis.GetDatabase().StreamReadAsync(stream, lastId, count: 100);
                    foreach (var entry in entries)
                    {
                        lastId = entry.Id!;
                        Dispatch(entry);
                    }

                    if (entries.Length > 0)
                    {
                        await _redis.GetDatabase().StreamDeleteAsync(stream, [.. entries.Select(e => e.Id)]);
                        continue;
                    }
                }
                catch (RedisException ex)
                {
                    LogReadFailed(_logger, ex);
                }

                await _wake.WaitAsync(_options.PollInterval, token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        finally
        {
            if (subscribed)
            {
                try
                {
                    await _redis.GetSubscriber().UnsubscribeAsync(channel);
                }
                catch (RedisException)
                {
                    // Shutting down anyway.
                }
            }
        }
    }

    private void Dispatch(StreamEntry entry)
    {
        try
        {
            var json = (string?)entry[SandboxMessageTypes.EnvelopeField];
            if (json is null)
            {
                return;
            }

            var reply = EnvelopeSerializer.Deserialize<SandboxReply>(json).Payload;
            if (_pending.TryGetValue(reply.RequestId, out var completion))
            {
                completion.TrySetResult(reply);
            }
        }
        catch (EnvelopeFormatException ex)
        {
            LogBadReply(_logger, entry.Id.ToString(), ex.Message);
        }
    }

    private static string OpName(SandboxRequest request) => request switch
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
        _ => request.GetType().Name,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Warning}")]
    private static partial void LogWarning(ILogger logger, string warning);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading sandbox replies failed; retrying")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignoring sandbox reply {EntryId}: {Reason}")]
    private static partial void LogBadReply(ILogger logger, string entryId, string reason);
}
