using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using OpenClaw.Contracts.Protocol;

namespace OpenClaw.GatewayClient;

/// <summary>
/// One gateway WebSocket: waits for <c>connect.challenge</c>, sends <c>connect</c> (shared secret and/or the
/// signed device identity and stored device token), then correlates <c>res</c> frames to requests by id and
/// queues events. Every failure surfaces as a <see cref="GatewayException"/> with a clear one-line message;
/// a closed socket reports the close code and reason (spec §1.5.3).
/// </summary>
public sealed class GatewayConnection : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private readonly Channel<GatewayEvent> _events = Channel.CreateBounded<GatewayEvent>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly TaskCompletionSource<JsonElement> _challenge = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<GatewayTransportException> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly GatewayConnectOptions _options;
    private Task? _receiveLoop;
    private int _nextId;

    private GatewayConnection(GatewayConnectOptions options) => _options = options;

    /// <summary>The <c>hello-ok</c> payload.</summary>
    public JsonElement Hello { get; private set; }

    /// <summary>Methods the gateway advertises in <c>hello-ok.features.methods</c>.</summary>
    public IReadOnlySet<string> Methods { get; private set; } = new HashSet<string>();

    /// <summary>The device id used in <c>connect</c>, when a device identity was sent.</summary>
    public string? DeviceId { get; private set; }

    public ChannelReader<GatewayEvent> Events => _events.Reader;

    /// <summary>Completes when the socket closes, with the close code and reason.</summary>
    public Task<GatewayTransportException> Closed => _closed.Task;

    public static async Task<GatewayConnection> ConnectAsync(GatewayConnectOptions options, CancellationToken cancellationToken)
    {
        var connection = new GatewayConnection(options);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task OpenAsync(CancellationToken cancellationToken)
    {
        foreach (var (name, value) in _options.Headers)
        {
            _socket.Options.SetRequestHeader(name, value);
        }

        using var handshake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        handshake.CancelAfter(_options.HandshakeTimeout);
        try
        {
            await _socket.ConnectAsync(_options.Url, handshake.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException or SocketException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var reason = ex is OperationCanceledException ? "timed out" : ex.InnerException?.Message ?? ex.Message;
            throw new GatewayTransportException($"Gateway not reachable at {_options.Url} ({reason}).", null, reason, ex);
        }

        _receiveLoop = Task.Run(ReceiveLoopAsync, CancellationToken.None);
        var challenge = await _challenge.Task.WaitAsync(handshake.Token).ConfigureAwait(false);
        var nonce = challenge.GetProperty("nonce").GetString() ?? "";
        var ts = challenge.TryGetProperty("ts", out var t) && t.TryGetInt64(out var tsv) ? tsv : DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var hello = _options.Hello;
        var url = _options.Url.ToString();
        var hasSecret = !string.IsNullOrEmpty(_options.Token) || !string.IsNullOrEmpty(_options.Password);

        var auth = new Dictionary<string, object?> { ["token"] = NullIfEmpty(_options.Token), ["password"] = NullIfEmpty(_options.Password) };
        object? device = null;
        DeviceKey? key = null;
        if (_options.Identity is { } store && (!hasSecret || _options.DeviceWithSharedSecret))
        {
            key = await store.LoadOrCreateAsync(cancellationToken).ConfigureAwait(false);
            DeviceId = key.DeviceId;
            var deviceToken = hasSecret ? null : await store.GetDeviceTokenAsync(url, key.DeviceId, hello.Role, cancellationToken).ConfigureAwait(false);
            auth["deviceToken"] = deviceToken;
            var signedToken = NullIfEmpty(_options.Token) ?? deviceToken ?? "";
            var payload = string.Join('|', "v3", key.DeviceId, hello.ClientId, hello.Mode, hello.Role, string.Join(',', hello.Scopes), ts,
                signedToken, nonce, hello.Platform.Trim().ToLowerInvariant(), hello.DeviceFamily.Trim().ToLowerInvariant());
            device = new { id = key.DeviceId, publicKey = key.PublicKeyBase64Url, signature = key.Sign(payload), signedAt = ts, nonce };
        }

        using (key)
        {
            var connectParams = new Dictionary<string, object?>
            {
                ["minProtocol"] = hello.MinProtocol,
                ["maxProtocol"] = hello.MaxProtocol,
                ["client"] = new
                {
                    id = hello.ClientId,
                    displayName = hello.DisplayName,
                    version = hello.Version,
                    platform = hello.Platform,
                    deviceFamily = hello.DeviceFamily,
                    mode = hello.Mode,
                    instanceId = Guid.NewGuid().ToString(),
                },
                ["caps"] = hello.Caps,
                ["auth"] = auth.Where(kv => kv.Value is not null).ToDictionary(),
                ["role"] = hello.Role,
                ["scopes"] = hello.Scopes,
                ["userAgent"] = hello.UserAgent,
                ["device"] = device,
            };
            try
            {
                Hello = await RequestAsync("connect", JsonSerializer.SerializeToElement(connectParams.Where(kv => kv.Value is not null).ToDictionary(),
                    ProtocolJson.Options), cancellationToken).ConfigureAwait(false);
            }
            catch (GatewayRequestException ex)
            {
                if (ex.DetailCode is "AUTH_DEVICE_TOKEN_MISMATCH" or "AUTH_SCOPE_MISMATCH" && key is not null)
                {
                    await _options.Identity!.ClearDeviceTokenAsync(url, key.DeviceId, hello.Role, cancellationToken).ConfigureAwait(false);
                }

                throw;
            }

            Methods = Hello.TryGetProperty("features", out var features) && features.TryGetProperty("methods", out var methods)
                && methods.ValueKind == JsonValueKind.Array
                ? methods.EnumerateArray().Select(m => m.GetString() ?? "").ToHashSet(StringComparer.Ordinal)
                : new HashSet<string>();

            if (key is not null && Hello.TryGetProperty("auth", out var granted) && granted.TryGetProperty("deviceToken", out var issued)
                && issued.GetString() is { Length: > 0 } issuedToken)
            {
                await _options.Identity!.SaveDeviceTokenAsync(url, key.DeviceId, hello.Role, issuedToken, hello.Scopes, cancellationToken)
                    .ConfigureAwait(false);
            }
        }
    }

    /// <summary>Sends a request and waits for its final response (a two-stage method's "accepted" ack is skipped).</summary>
    public Task<JsonElement> RequestAsync(string method, object? parameters, CancellationToken cancellationToken) =>
        RequestAsync(method, parameters is JsonElement e ? e : JsonSerializer.SerializeToElement(parameters ?? new { }, ProtocolJson.Options),
            expectFinal: true, cancellationToken);

    public async Task<JsonElement> RequestAsync(string method, JsonElement parameters, bool expectFinal, CancellationToken cancellationToken)
    {
        var id = $"{Interlocked.Increment(ref _nextId)}:{Guid.NewGuid()}";
        var pending = new Pending(expectFinal);
        _pending[id] = pending;
        try
        {
            var frame = ProtocolJson.Serialize(new RequestFrame { Id = id, Method = method, Params = parameters });
            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await _socket.SendAsync(frame, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
            {
                throw _closed.Task.IsCompleted ? await _closed.Task.ConfigureAwait(false)
                    : new GatewayTransportException($"gateway closed the connection ({ex.Message})", null, ex.Message, ex);
            }
            finally
            {
                _sendLock.Release();
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.RequestTimeout);
            try
            {
                return await pending.Completion.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new GatewayException($"{method} timed out after {_options.RequestTimeout.TotalSeconds:0}s");
            }
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                buffer.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.GetMemory(16 * 1024), _stop.Token).ConfigureAwait(false);
                    buffer.Advance(result.Count);
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                Handle(buffer.WrittenMemory);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Connection gone; pending requests are failed below.
        }

        // No close frame at all (process killed, network gone) is 1006, "abnormal closure".
        var code = (int?)_socket.CloseStatus ?? 1006;
        var reason = _socket.CloseStatus is null ? "connection lost" : _socket.CloseStatusDescription;
        var failure = new GatewayTransportException($"disconnected ({code}): {reason}", code, reason);
        _closed.TrySetResult(failure);
        _challenge.TrySetException(failure);
        foreach (var pending in _pending.Values)
        {
            pending.Completion.TrySetException(failure);
        }

        _events.Writer.TryComplete();
    }

    private void Handle(ReadOnlyMemory<byte> data)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(data);
            root = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return;
        }

        var type = root.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (type == FrameTypes.Event && root.TryGetProperty("event", out var ev))
        {
            var payload = root.TryGetProperty("payload", out var p) ? p : (JsonElement?)null;
            if (ev.GetString() == "connect.challenge" && payload is { } challenge)
            {
                _challenge.TrySetResult(challenge);
                return;
            }

            _events.Writer.TryWrite(new GatewayEvent(ev.GetString() ?? "", payload,
                root.TryGetProperty("seq", out var seq) && seq.TryGetInt64(out var s) ? s : null));
            return;
        }

        if (type != FrameTypes.Response || !root.TryGetProperty("id", out var idEl) || idEl.GetString() is not { } id
            || !_pending.TryGetValue(id, out var pending))
        {
            return;
        }

        if (root.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True)
        {
            var payload = root.TryGetProperty("payload", out var p) ? p : default;
            if (pending.ExpectFinal && payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("status", out var status)
                && status.ValueKind == JsonValueKind.String && status.GetString() == "accepted")
            {
                return; // two-stage methods (agent): keep waiting for the final response
            }

            pending.Completion.TrySetResult(payload);
            return;
        }

        var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object ? e : default;
        pending.Completion.TrySetException(new GatewayRequestException(
            Str(error, "code") ?? ErrorCodes.Unavailable,
            Str(error, "message") ?? "request failed",
            error.ValueKind == JsonValueKind.Object && error.TryGetProperty("details", out var d) ? d : null,
            error.ValueKind == JsonValueKind.Object && error.TryGetProperty("retryable", out var r) && r.ValueKind == JsonValueKind.True));
    }

    private static string? Str(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // Closing a dead socket is not an error worth reporting.
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (_receiveLoop is not null)
        {
            await _receiveLoop.ConfigureAwait(false);
        }

        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }

    private sealed class Pending(bool expectFinal)
    {
        public bool ExpectFinal { get; } = expectFinal;

        public TaskCompletionSource<JsonElement> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
