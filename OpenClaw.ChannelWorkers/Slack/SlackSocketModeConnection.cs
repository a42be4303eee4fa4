using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenClaw.ChannelWorkers.Slack;

/// <summary>
/// Slack Socket Mode: <c>apps.connections.open</c> with the app token gives a WebSocket URL; every envelope is
/// acknowledged with <c>{"envelope_id":…}</c> once its event is handled (Slack redelivers unacknowledged ones),
/// and a <c>disconnect</c> message (refresh, warning) or a dropped socket opens a new connection.
/// </summary>
internal sealed partial class SlackSocketModeConnection(SlackApiClient api, string appToken, ILogger logger)
{
    public async Task RunAsync(Func<Task> onHello, Func<JsonObject, Task> onEventCallback, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var opened = await api.CallAsync("apps.connections.open", appToken, [], cancellationToken).ConfigureAwait(false);
            var url = opened["url"]?.ToString() ?? throw new InvalidOperationException("apps.connections.open returned no url");
            using var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri(url), cancellationToken).ConfigureAwait(false);
            while (true)
            {
                var frame = await ReceiveAsync(socket, cancellationToken).ConfigureAwait(false);
                if (frame is null)
                {
                    throw new WebSocketException("Slack closed the Socket Mode connection");
                }

                JsonObject message;
                try
                {
                    message = JsonNode.Parse(frame) as JsonObject ?? throw new JsonException("not an object");
                }
                catch (JsonException ex)
                {
                    LogMalformed(ex.Message);
                    continue;
                }

                var type = message["type"]?.ToString();
                if (type == "hello")
                {
                    await onHello().ConfigureAwait(false);
                    continue;
                }

                if (type == "disconnect")
                {
                    LogDisconnect(message["reason"]?.ToString());
                    break;
                }

                if (message["envelope_id"]?.ToString() is { } envelopeId)
                {
                    if (type == "events_api" && message["payload"] is JsonObject payload)
                    {
                        await onEventCallback(payload).ConfigureAwait(false);
                    }

                    // Acknowledge after the event is safely handed on; slash commands and interactivity are acknowledged and ignored.
                    var ack = Encoding.UTF8.GetBytes(new JsonObject { ["envelope_id"] = envelopeId }.ToJsonString());
                    await socket.SendAsync(ack, WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
                }
            }

            if (socket.State == WebSocketState.Open)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "reconnecting", CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private static async Task<string?> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        while (true)
        {
            ValueWebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(buffer.GetMemory(16 * 1024), cancellationToken).ConfigureAwait(false);
            }
            catch (WebSocketException) when (socket.State != WebSocketState.Open)
            {
                return null;
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            buffer.Advance(result.Count);
            if (buffer.WrittenCount > 8 * 1024 * 1024)
            {
                throw new InvalidDataException("Slack sent a Socket Mode frame over 8 MB");
            }

            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(buffer.WrittenSpan);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipping a malformed Slack Socket Mode frame: {Error}")]
    private partial void LogMalformed(string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack asked to reconnect ({Reason})")]
    private partial void LogDisconnect(string? reason);
}
