using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenClaw.ChannelWorkers.Pipeline;

namespace OpenClaw.ChannelWorkers.Discord;

/// <summary>
/// The Discord Gateway protocol (v10, JSON): Hello → heartbeats every <c>heartbeat_interval</c> (the first after
/// a random jitter), Identify with intents or Resume with session id and sequence, dispatches to the handler,
/// and on op 7 Reconnect / op 9 Invalid Session / a missed heartbeat ACK / a dropped socket: reconnect and
/// resume (or identify afresh when the session cannot be resumed). Close codes that cannot be fixed by
/// reconnecting (4004 authentication failed, 4013/4014 intents) stop the account with a clear error.
/// </summary>
internal sealed partial class DiscordGatewayConnection(
    DiscordAccountOptions options,
    string token,
    Func<string, JsonObject, Task> onDispatch,
    ILogger logger)
{
    private string? _sessionId;
    private string? _resumeUrl;
    private long? _sequence;

    public JsonObject? Self { get; private set; }

    /// <summary>Connects and serves until cancelled; protocol-level reconnects happen inside, broken connections throw.</summary>
    public async Task RunAsync(Func<Task> onReady, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var resume = _sessionId is not null && _sequence is not null;
            var url = (resume ? _resumeUrl : null) ?? options.GatewayUrl;
            using var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri($"{url.TrimEnd('/')}/?v=10&encoding=json"), cancellationToken).ConfigureAwait(false);
            var outcome = await ServeAsync(socket, resume, onReady, cancellationToken).ConfigureAwait(false);
            if (outcome == Outcome.Reconnect)
            {
                LogReconnecting(resume);
                continue;
            }
        }
    }

    private enum Outcome
    {
        Reconnect,
    }

    private async Task<Outcome> ServeAsync(ClientWebSocket socket, bool resume, Func<Task> onReady, CancellationToken cancellationToken)
    {
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sendLock = new SemaphoreSlim(1, 1);
        var acked = true;
        Task? heartbeat = null;

        async Task SendAsync(JsonObject payload)
        {
            var bytes = Encoding.UTF8.GetBytes(payload.ToJsonString());
            await sendLock.WaitAsync(connection.Token).ConfigureAwait(false);
            try
            {
                await socket.SendAsync(bytes, WebSocketMessageType.Text, true, connection.Token).ConfigureAwait(false);
            }
            finally
            {
                sendLock.Release();
            }
        }

        JsonObject Heartbeat() => new() { ["op"] = 1, ["d"] = _sequence is { } s ? JsonValue.Create(s) : null };

        try
        {
            while (true)
            {
                var frame = await ReceiveAsync(socket, connection.Token).ConfigureAwait(false);
                if (frame is null)
                {
                    var code = (int?)socket.CloseStatus ?? 0;
                    if (code is 4004 or 4010 or 4011 or 4012 or 4013 or 4014)
                    {
                        throw new ChannelFatalException(
                            $"Discord closed the gateway with {code} ({socket.CloseStatusDescription}); check channels.discord.token and the bot's intents (Message Content) in the developer portal.");
                    }

                    if (code is 4007 or 4009)
                    {
                        // Invalid sequence / session timed out: only a fresh identify helps.
                        _sessionId = null;
                        _sequence = null;
                    }

                    return Outcome.Reconnect;
                }

                JsonObject payload;
                try
                {
                    payload = JsonNode.Parse(frame) as JsonObject ?? throw new JsonException("not an object");
                }
                catch (JsonException ex)
                {
                    LogMalformed(ex.Message);
                    continue;
                }

                var op = payload["op"]?.GetValue<int>() ?? -1;
                switch (op)
                {
                    case 10:
                        var interval = TimeSpan.FromMilliseconds(payload["d"]?["heartbeat_interval"]?.GetValue<double>() ?? 41250);
                        heartbeat = HeartbeatLoopAsync(interval);
                        await SendAsync(resume
                            ? new JsonObject { ["op"] = 6, ["d"] = new JsonObject { ["token"] = token, ["session_id"] = _sessionId, ["seq"] = _sequence } }
                            : new JsonObject
                            {
                                ["op"] = 2,
                                ["d"] = new JsonObject
                                {
                                    ["token"] = token,
                                    ["intents"] = options.Intents ?? DiscordAccountOptions.DefaultIntents,
                                    ["properties"] = new JsonObject { ["os"] = "linux", ["browser"] = "openclaw", ["device"] = "openclaw" },
                                },
                            }).ConfigureAwait(false);
                        break;
                    case 11:
                        acked = true;
                        break;
                    case 1:
                        await SendAsync(Heartbeat()).ConfigureAwait(false);
                        break;
                    case 7:
                        return Outcome.Reconnect;
                    case 9:
                        if (payload["d"]?.GetValueKind() != JsonValueKind.True)
                        {
                            _sessionId = null;
                            _sequence = null;
                        }

                        // Discord asks for a 1–5 s wait before identifying again.
                        await Task.Delay(TimeSpan.FromMilliseconds(1000 + Random.Shared.Next(4000)), connection.Token).ConfigureAwait(false);
                        return Outcome.Reconnect;
                    case 0:
                        if (payload["s"] is JsonValue seq && seq.TryGetValue<long>(out var s))
                        {
                            _sequence = s;
                        }

                        var type = payload["t"]?.GetValue<string>() ?? "";
                        var data = payload["d"] as JsonObject ?? [];
                        if (type == "READY")
                        {
                            _sessionId = data["session_id"]?.GetValue<string>();
                            _resumeUrl = data["resume_gateway_url"]?.GetValue<string>();
                            Self = data["user"] as JsonObject;
                            await onReady().ConfigureAwait(false);
                        }
                        else if (type == "RESUMED")
                        {
                            await onReady().ConfigureAwait(false);
                        }

                        await onDispatch(type, data).ConfigureAwait(false);
                        break;
                }
            }
        }
        finally
        {
            await connection.CancelAsync().ConfigureAwait(false);
            if (heartbeat is not null)
            {
                try
                {
                    await heartbeat.ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
                {
                }
            }

            sendLock.Dispose();
        }

        async Task HeartbeatLoopAsync(TimeSpan interval)
        {
            // The first heartbeat waits interval × jitter, so a fleet of bots does not beat in step.
            await Task.Delay(interval * Random.Shared.NextDouble(), connection.Token).ConfigureAwait(false);
            while (!connection.IsCancellationRequested)
            {
                if (!acked)
                {
                    // A zombied connection: close it and resume on a new one.
                    LogZombie();
                    await socket.CloseOutputAsync((WebSocketCloseStatus)4000, "heartbeat ack missing", CancellationToken.None).ConfigureAwait(false);
                    return;
                }

                acked = false;
                await SendAsync(Heartbeat()).ConfigureAwait(false);
                await Task.Delay(interval, connection.Token).ConfigureAwait(false);
            }
        }
    }

    private static async Task<string?> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        while (true)
        {
            var memory = buffer.GetMemory(16 * 1024);
            ValueWebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(memory, cancellationToken).ConfigureAwait(false);
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
                throw new InvalidDataException("Discord sent a gateway frame over 8 MB");
            }

            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(buffer.WrittenSpan);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Discord gateway reconnecting (resume: {Resume})")]
    private partial void LogReconnecting(bool resume);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipping a malformed Discord gateway frame: {Error}")]
    private partial void LogMalformed(string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord did not acknowledge the last heartbeat; reconnecting")]
    private partial void LogZombie();
}
