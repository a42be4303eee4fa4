using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using OpenClaw.Contracts.Protocol;

namespace OpenClaw.Cli.Gateway;

/// <summary>How the CLI presents itself in <c>connect</c>.</summary>
internal sealed record ClientHello(string Role, IReadOnlyList<string> Scopes)
{
    public string ClientId { get; init; } = "cli";

    public string Mode { get; init; } = "cli";

    public int MinProtocol { get; init; } = 3;

    public int MaxProtocol { get; init; } = 4;
}

/// <summary>A pushed event as received.</summary>
internal sealed record GatewayEvent(string Name, JsonElement? Payload, long? Seq);

/// <summary>
/// A gateway protocol client: waits for <c>connect.challenge</c>, sends <c>connect</c> (shared secret,
/// or the stored device identity and device token), then correlates <c>res</c> frames to requests by
/// id and queues events. Every failure surfaces as a <see cref="CliException"/> with a clear message.
/// </summary>
internal sealed class GatewayClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private readonly Channel<GatewayEvent> _events = Channel.CreateBounded<GatewayEvent>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly TaskCompletionSource<JsonElement> _challenge = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly GatewayTarget _target;
    private Task? _receiveLoop;
    private int _nextId;
    private string? _closeText;

    private GatewayClient(GatewayTarget target) => _target = target;

    /// <summary>The <c>hello-ok</c> payload.</summary>
    public JsonElement Hello { get; private set; }

    public ChannelReader<GatewayEvent> Events => _events.Reader;

    public static async Task<GatewayClient> ConnectAsync(GatewayTarget target, ClientHello hello, CancellationToken cancellationToken)
    {
        var client = new GatewayClient(target);
        try
        {
            await client.OpenAsync(hello, cancellationToken);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    private async Task OpenAsync(ClientHello hello, CancellationToken cancellationToken)
    {
        try
        {
            await _socket.ConnectAsync(_target.Url, cancellationToken);
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException or SocketException)
        {
            var reason = ex.InnerException?.Message ?? ex.Message;
            throw new GatewayTransportException($"Gateway not reachable at {_target.Url} ({reason}).", "closed", reason);
        }

        _receiveLoop = Task.Run(ReceiveLoopAsync, CancellationToken.None);
        var challenge = await _challenge.Task.WaitAsync(cancellationToken);
        var nonce = challenge.GetProperty("nonce").GetString() ?? "";
        var ts = challenge.TryGetProperty("ts", out var t) && t.TryGetInt64(out var tsv) ? tsv : DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var auth = new Dictionary<string, object?>();
        object? device = null;
        CliDeviceIdentity? identity = null;
        if (_target.Token is not null || _target.Password is not null)
        {
            // A shared secret is full operator access: like upstream's CLI, no device identity is needed.
            auth["token"] = _target.Token;
            auth["password"] = _target.Password;
        }
        else
        {
            identity = CliDeviceIdentity.LoadOrCreate(CliPaths.IdentityPath);
            var deviceToken = CliDeviceTokens.Get(_target.Url.ToString(), identity.DeviceId, hello.Role);
            auth["deviceToken"] = deviceToken;
            var platform = OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "darwin" : "win32";
            var family = OperatingSystem.IsLinux() ? "Linux" : OperatingSystem.IsMacOS() ? "Mac" : "Windows";
            var payload = string.Join('|', "v3", identity.DeviceId, hello.ClientId, hello.Mode, hello.Role, string.Join(',', hello.Scopes), ts,
                deviceToken ?? "", nonce, platform, family.ToLowerInvariant());
            device = new { id = identity.DeviceId, publicKey = identity.PublicKeyBase64Url, signature = identity.Sign(payload), signedAt = ts, nonce };
        }

        using (identity)
        {
            var connectParams = new Dictionary<string, object?>
            {
                ["minProtocol"] = hello.MinProtocol,
                ["maxProtocol"] = hello.MaxProtocol,
                ["client"] = new
                {
                    id = hello.ClientId,
                    version = CliVersion.Current,
                    platform = OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "darwin" : "win32",
                    deviceFamily = OperatingSystem.IsLinux() ? "Linux" : OperatingSystem.IsMacOS() ? "Mac" : "Windows",
                    mode = hello.Mode,
                    instanceId = Guid.NewGuid().ToString(),
                },
                ["caps"] = Array.Empty<string>(),
                ["auth"] = auth.Where(kv => kv.Value is not null).ToDictionary(),
                ["role"] = hello.Role,
                ["scopes"] = hello.Scopes,
                ["device"] = device,
            };
            try
            {
                Hello = await RequestAsync("connect", JsonSerializer.SerializeToElement(connectParams.Where(kv => kv.Value is not null).ToDictionary(),
                    ProtocolJson.Options), expectFinal: false, cancellationToken);
            }
            catch (GatewayRequestException ex)
            {
                throw new GatewayRequestException(ex.Code, $"gateway connect failed: {ex.Message}", ex.Details, ex.Retryable);
            }

            if (identity is not null && Hello.TryGetProperty("auth", out var granted) && granted.TryGetProperty("deviceToken", out var issued)
                && issued.GetString() is { Length: > 0 } issuedToken)
            {
                CliDeviceTokens.Save(_target.Url.ToString(), identity.DeviceId, hello.Role, issuedToken, hello.Scopes);
            }
        }
    }

    /// <summary>Sends a request and waits for its response; with <paramref name="expectFinal"/> an "accepted" ack is skipped.</summary>
    public async Task<JsonElement> RequestAsync(string method, JsonElement? parameters, bool expectFinal, CancellationToken cancellationToken)
    {
        var id = $"{Interlocked.Increment(ref _nextId)}:{Guid.NewGuid()}";
        var pending = new Pending(expectFinal);
        _pending[id] = pending;
        try
        {
            var frame = ProtocolJson.Serialize(new RequestFrame { Id = id, Method = method, Params = parameters ?? JsonSerializer.SerializeToElement(new { }) });
            await _sendLock.WaitAsync(cancellationToken);
            try
            {
                await _socket.SendAsync(frame, WebSocketMessageType.Text, true, cancellationToken);
            }
            catch (Exception ex) when (ex is WebSocketException or IOException)
            {
                throw new GatewayTransportException($"gateway closed the connection ({_closeText ?? ex.Message})", "closed", _closeText);
            }
            finally
            {
                _sendLock.Release();
            }

            return await pending.Completion.Task.WaitAsync(cancellationToken);
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
                    result = await _socket.ReceiveAsync(buffer.GetMemory(16 * 1024), _stop.Token);
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

        var code = (int?)_socket.CloseStatus;
        _closeText = code is null ? "connection lost" : $"{code}: {_socket.CloseStatusDescription}";
        var failure = new GatewayTransportException($"gateway closed ({_closeText})", "closed", _socket.CloseStatusDescription, code);
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
                && status.GetString() == "accepted")
            {
                return; // two-stage methods (agent): keep waiting for the final response
            }

            pending.Completion.TrySetResult(payload);
            return;
        }

        var error = root.TryGetProperty("error", out var e) ? e : default;
        pending.Completion.TrySetException(new GatewayRequestException(
            error.ValueKind == JsonValueKind.Object && error.TryGetProperty("code", out var c) ? c.GetString() ?? "UNAVAILABLE" : "UNAVAILABLE",
            error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) ? m.GetString() ?? "request failed" : "request failed",
            error.ValueKind == JsonValueKind.Object && error.TryGetProperty("details", out var d) ? d : null,
            error.ValueKind == JsonValueKind.Object && error.TryGetProperty("retryable", out var r) && r.ValueKind == JsonValueKind.True));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // Closing a dead socket is not an error worth reporting.
        }

        await _stop.CancelAsync();
        if (_receiveLoop is not null)
        {
            await _receiveLoop;
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

internal static class CliVersion
{
    /// <summary>The upstream release whose CLI behaviour this follows.</summary>
    public const string Current = "2026.9.6";
}
