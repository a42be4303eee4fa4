using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OpenClaw.Contracts.Protocol;
using OpenClaw.Gateway.Security;

namespace OpenClaw.Gateway.Protocol;

/// <summary>
/// Runs one WebSocket from upgrade to close: <c>connect.challenge</c>, the <c>connect</c> handshake
/// (first frame, 64 KiB cap, timeout), then the request loop with payload limits and bounded
/// concurrency. Nothing a peer sends can crash the loop: every bad frame gets an error or a close.
/// </summary>
public sealed class GatewayWebSocketHandler(
    IOptionsMonitor<GatewayProtocolOptions> options,
    ConnectHandshake handshake,
    HelloBuilder hello,
    ConnectionRegistry registry,
    MethodDispatcher dispatcher,
    PresenceTracker presence,
    ControlPlaneSettings network,
    TimeProvider clock,
    ILogger<GatewayWebSocketHandler> logger)
{
    private const string InvalidHandshake = "invalid handshake: first request must be connect";

    public async Task HandleAsync(HttpContext http)
    {
        using var socket = await WebSocketUpgrade.AcceptAsync(http);
        var settings = options.CurrentValue;
        var peer = http.Connection.RemoteIpAddress;
        var isLocal = peer is not null && IPAddress.IsLoopback(peer) && !HasForwardingHeaders(http.Request.Headers);
        var remote = ClientAddress.Resolve(peer, http.Request.Headers, network.TrustedProxies, network.AllowRealIpFallback);
        var connection = new GatewayConnection(socket, remote, isLocal, settings.MaxBufferedBytes);

        // No cancellation token here: http.RequestAborted would create a token source per connection and
        // every receive would register on it. When Kestrel aborts the connection the socket read fails,
        // which ends the loop just as well (bench/control-plane: idle connections must stay small).
        try
        {
            var nonce = Guid.NewGuid().ToString();
            var ts = clock.GetUtcNow().ToUnixTimeMilliseconds();
            await connection.SendEventAsync("connect.challenge",
                JsonSerializer.SerializeToUtf8Bytes(new ConnectChallenge(nonce, ts), ProtocolJson.Options), null, withSeq: false);

            if (!await HandshakeAsync(connection, nonce, http, settings))
            {
                return;
            }

            registry.Add(connection);
            await presence.ConnectedAsync(connection);
            try
            {
                await ReceiveLoopAsync(connection, settings);
            }
            finally
            {
                registry.Remove(connection);
                await presence.DisconnectedAsync(connection);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            // Invalid UTF-8 in a text frame: the runtime sent close 1007 and aborted; the lingering stream
            // lets the peer read that close before the TCP connection goes away.

            logger.LogDebug(ex, "connection {ConnId} ended", connection.ConnId);
        }
    }

    private async Task<bool> HandshakeAsync(GatewayConnection connection, string nonce, HttpContext http, GatewayProtocolOptions settings)
    {
        using var timeout = new CancellationTokenSource(settings.HandshakeTimeoutMs);
        var deadline = timeout.Token;
        FrameRead read;
        try
        {
            read = await FrameReader.ReadAsync(connection.Socket, settings.PreAuthMaxPayload, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await connection.CloseAndDrainAsync(CloseCodes.PolicyViolation, "handshake timeout");
            return false;
        }

        switch (read.Outcome)
        {
            case FrameOutcome.Closed:
                return false;
            case FrameOutcome.TooLarge:
                await connection.CloseAndDrainAsync(CloseCodes.MessageTooBig, "payload too large");
                return false;
        }

        using var doc = FrameReader.TryParse(read.Data);
        var root = doc?.RootElement;
        var id = root is { } r ? FrameReader.StringOf(r, "id") : null;
        var isConnect = root is { } o && FrameReader.StringOf(o, "type") == FrameTypes.Request && FrameReader.StringOf(o, "method") == "connect"
            && id is not null;
        if (!isConnect)
        {
            if (id is not null)
            {
                await connection.SendErrorAsync(id, new ErrorShape { Code = ErrorCodes.InvalidRequest, Message = InvalidHandshake }, deadline);
            }

            await connection.CloseAndDrainAsync(CloseCodes.PolicyViolation, id is null ? "invalid handshake" : InvalidHandshake);
            return false;
        }

        root!.Value.TryGetProperty("params", out var rawParams);
        AuthFailure? failure;
        ConnectParams? parameters;
        try
        {
            failure = ConnectValidation.Validate(rawParams.ValueKind == JsonValueKind.Undefined ? null : rawParams, out parameters);
        }
        catch (InvalidOperationException)
        {
            // e.g. a lone surrogate ("\ud800") in a string: valid JSON, but not text.
            (failure, parameters) = (AuthFailure.Invalid("invalid connect params: strings must be valid Unicode"), null);
        }

        ConnectGrant? grant = null;
        if (failure is null)
        {
            (grant, failure) = await handshake.DecideAsync(parameters!, nonce, connection,
                http.Request.Headers.Origin.FirstOrDefault(), http.Connection.LocalPort);
        }

        if (failure is not null || grant is null)
        {
            failure ??= AuthFailure.Invalid("invalid handshake");
            logger.LogInformation("connect refused conn={ConnId} ip={Ip} code={Code}", connection.ConnId, connection.RemoteIp, failure.ErrorCode);
            await connection.SendErrorAsync(id!, failure.ToError(), deadline);
            await connection.CloseAndDrainAsync(failure.CloseCode, failure.CloseReason);
            return false;
        }

        connection.Authenticate(grant.Protocol, grant.Role, grant.Scopes, parameters!.Client, grant.DeviceId);
        await connection.SendResponseAsync(id!, await hello.BuildAsync(connection, grant, deadline), deadline);
        return true;
    }

    private async Task ReceiveLoopAsync(GatewayConnection connection, GatewayProtocolOptions settings)
    {
        // Created with the first request: an idle connection holds no semaphore, token source or task list.
        RequestLane? lane = null;
        try
        {
            while (true)
            {
                var first = await FrameReader.WaitForFrameAsync(connection.Socket, CancellationToken.None);
                var read = await FrameReader.ReadAfterAsync(connection.Socket, first, settings.MaxPayload, CancellationToken.None);
                if (read.Outcome == FrameOutcome.Closed)
                {
                    await connection.CloseAndDrainAsync(1000, "");
                    return;
                }

                if (read.Outcome == FrameOutcome.TooLarge)
                {
                    await connection.CloseAndDrainAsync(CloseCodes.MessageTooBig, "payload too large");
                    return;
                }

                lane ??= new RequestLane(settings.MaxConcurrentRequestsPerConnection);
                await lane.Slots.WaitAsync(lane.Closing.Token);
                lane.Track(DispatchAsync(connection, read.Data, lane));
            }
        }
        finally
        {
            if (lane is not null)
            {
                await lane.CloseAsync();
            }
        }
    }

    private async Task DispatchAsync(GatewayConnection connection, byte[] data, RequestLane lane)
    {
        var cancellationToken = lane.Closing.Token;
        try
        {
            await dispatcher.DispatchAsync(connection, data, cancellationToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            logger.LogDebug(ex, "request on {ConnId} ended with the connection", connection.ConnId);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Whatever a peer sends, it gets an answer rather than silence.
            logger.LogWarning(ex, "unexpected failure handling a frame on {ConnId}", connection.ConnId);
            await connection.SendErrorAsync(MethodDispatcher.InvalidId,
                new ErrorShape { Code = ErrorCodes.InvalidRequest, Message = "invalid request frame: could not be processed" }, cancellationToken);
        }
        finally
        {
            lane.Slots.Release();
        }
    }

    private static bool HasForwardingHeaders(IHeaderDictionary headers) =>
        headers.ContainsKey("X-Forwarded-For") || headers.ContainsKey("Forwarded") || headers.ContainsKey("X-Real-IP");
}
