using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using OpenClaw.Contracts.Protocol;

namespace OpenClaw.Gateway.Protocol;

/// <summary>
/// One authenticated (or authenticating) WebSocket client: what it is allowed to do and its outgoing
/// stream. Sends are serialized; every event gets the next per-connection <c>seq</c> at the moment
/// it is written, so each socket sees a gap-free, increasing sequence of what it was allowed to see.
/// </summary>
public sealed class GatewayConnection(WebSocket socket, IPAddress? remoteIp, bool isLocal, long maxBufferedBytes)
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private long _seq;
    private long _buffered;

    public string ConnId { get; } = Guid.NewGuid().ToString();

    public IPAddress? RemoteIp { get; } = remoteIp;

    /// <summary>Direct loopback peer without forwarding headers.</summary>
    public bool IsLocal { get; } = isLocal;

    public long ConnectedAtMs { get; } = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public int Protocol { get; private set; }

    public string Role { get; private set; } = GatewayRoles.Operator;

    public IReadOnlySet<string> Scopes { get; private set; } = new HashSet<string>();

    public ConnectClient? Client { get; private set; }

    public string? DeviceId { get; private set; }

    public bool IsAuthenticated { get; private set; }

    public WebSocket Socket => socket;

    public void Authenticate(int protocol, string role, IEnumerable<string> scopes, ConnectClient? client, string? deviceId)
    {
        Protocol = protocol;
        Role = role;
        Scopes = new HashSet<string>(scopes, StringComparer.Ordinal);
        Client = client;
        DeviceId = deviceId;
        IsAuthenticated = true;
    }

    public bool HasScope(string scope) =>
        Scopes.Contains(OperatorScopes.Admin) || Scopes.Contains(scope)
        || (scope == OperatorScopes.Read && Scopes.Contains(OperatorScopes.Write));

    public Task SendResponseAsync(string id, object? payload, CancellationToken cancellationToken = default) =>
        SendAsync(ProtocolJson.Serialize(new ResponseFrame { Id = id, Ok = true, Payload = payload }), cancellationToken);

    public Task SendErrorAsync(string id, ErrorShape error, CancellationToken cancellationToken = default) =>
        SendAsync(ProtocolJson.Serialize(new ResponseFrame { Id = id, Ok = false, Error = error }), cancellationToken);

    /// <summary>Sends an event whose payload is already JSON (serialized once for all recipients).</summary>
    public async Task SendEventAsync(string name, ReadOnlyMemory<byte> payloadJson, StateVersion? stateVersion, bool withSeq = true,
        CancellationToken cancellationToken = default)
    {
        if (!await EnterAsync(payloadJson.Length + 128, cancellationToken))
        {
            return;
        }

        try
        {
            var seq = withSeq ? ++_seq : (long?)null;
            var buffer = new ArrayBufferWriter<byte>(payloadJson.Length + 128);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("type"u8, FrameTypes.Event);
                writer.WriteString("event"u8, name);
                if (!payloadJson.IsEmpty)
                {
                    writer.WritePropertyName("payload"u8);
                    writer.WriteRawValue(payloadJson.Span, skipInputValidation: true);
                }

                if (seq is { } s)
                {
                    writer.WriteNumber("seq"u8, s);
                }

                if (stateVersion is not null)
                {
                    writer.WriteStartObject("stateVersion"u8);
                    writer.WriteNumber("presence"u8, stateVersion.Presence);
                    writer.WriteNumber("health"u8, stateVersion.Health);
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }

            await WriteLockedAsync(buffer.WrittenMemory, cancellationToken);
        }
        finally
        {
            Exit(payloadJson.Length + 128);
        }
    }

    public Task SendEventAsync(string name, object? payload, CancellationToken cancellationToken = default) =>
        SendEventAsync(name, payload is null ? default : JsonSerializer.SerializeToUtf8Bytes(payload, ProtocolJson.Options), null, true, cancellationToken);

    public async Task SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken = default)
    {
        if (!await EnterAsync(frame.Length, cancellationToken))
        {
            return;
        }

        try
        {
            await WriteLockedAsync(frame, cancellationToken);
        }
        finally
        {
            Exit(frame.Length);
        }
    }

    /// <summary>Closes with a code and a reason (cut to the 123 bytes WebSocket allows), ignoring a dead peer.</summary>
    public async Task CloseAsync(int code, string reason)
    {
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await socket.CloseOutputAsync((WebSocketCloseStatus)code, FitCloseReason(reason), timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            socket.Abort();
        }
    }

    /// <summary>
    /// Closes from the reading side and then reads (and discards) until the peer's close arrives, so a
    /// peer still sending a big frame gets the close code instead of a reset connection.
    /// Only the connection's reader may call this.
    /// </summary>
    public async Task CloseAndDrainAsync(int code, string reason)
    {
        await CloseAsync(code, reason);
        await DrainAfterCloseAsync();
    }

    /// <summary>After our close frame went out (also when the runtime sent 1007 for invalid UTF-8), wait for the peer's.</summary>
    public async Task DrainAfterCloseAsync()
    {
        var discard = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            long drained = 0;
            while (socket.State == WebSocketState.CloseSent && drained < 64L * 1024 * 1024)
            {
                var result = await socket.ReceiveAsync(discard.AsMemory(), timeout.Token);
                drained += result.Count;
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            socket.Abort();
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(discard);
        }
    }

    public static string FitCloseReason(string reason)
    {
        if (Encoding.UTF8.GetByteCount(reason) <= 123)
        {
            return reason;
        }

        var cut = reason;
        while (Encoding.UTF8.GetByteCount(cut) > 123)
        {
            cut = cut[..^1];
        }

        return cut;
    }

    private async Task<bool> EnterAsync(long bytes, CancellationToken cancellationToken)
    {
        if (Interlocked.Add(ref _buffered, bytes) > maxBufferedBytes)
        {
            // A client that does not read its socket must not make the gateway hold unbounded memory.
            Interlocked.Add(ref _buffered, -bytes);
            socket.Abort();
            return false;
        }

        try
        {
            await _sendLock.WaitAsync(cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            Interlocked.Add(ref _buffered, -bytes);
            return false;
        }
    }

    private void Exit(long bytes)
    {
        Interlocked.Add(ref _buffered, -bytes);
        _sendLock.Release();
    }

    private async Task WriteLockedAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        if (socket.State is not WebSocketState.Open and not WebSocketState.CloseReceived)
        {
            return;
        }

        try
        {
            await socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            socket.Abort();
        }
    }
}
