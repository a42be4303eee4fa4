using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OpenClaw.Fakes.Discord;

/// <summary>
/// Discord on loopback, per the public docs (https://discord.com/developers/docs): the Gateway WebSocket
/// (<c>/gateway/?v=10&amp;encoding=json</c>: Hello, heartbeat ACKs, Identify → READY, Resume → replay + RESUMED,
/// op 7 Reconnect, op 9 Invalid Session, close 4004 on a bad token) and REST v10 under <c>/api/v10</c>
/// (create message, typing, reactions, users/@me) with <c>X-RateLimit-*</c> headers, 429 bodies with
/// <c>retry_after</c>, and the documented error bodies (50035 Invalid Form Body, 10003 Unknown Channel).
/// </summary>
public sealed class FakeDiscordServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<DiscordSentMessage> _sent = new();
    private readonly ConcurrentQueue<string> _actions = new();
    private readonly List<(long Seq, JsonObject Payload)> _events = [];
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<WebSocket, SemaphoreSlim> _sockets = new();
    private long _sequence;
    private long _nextId = 1_100_000_000_000_000_000;
    private int _rateLimited;

    private FakeDiscordServer(WebApplication app) => _app = app;

    public string Token { get; } = $"MTEx.{Guid.NewGuid():N}";

    public string BotId { get; } = "1100000000000000001";

    public string BotUsername { get; } = "openclaw-test";

    public string SessionId { get; } = Guid.NewGuid().ToString("N");

    public string ApiBaseUrl { get; private set; } = "";

    public string GatewayUrl { get; private set; } = "";

    /// <summary>Heartbeat interval announced in Hello (real Discord: about 41 s).</summary>
    public int HeartbeatIntervalMs { get; set; } = 1000;

    public int Identifies;

    public int Resumes;

    public int Heartbeats;

    public ConcurrentDictionary<string, bool> UnknownChannels { get; } = new();

    /// <summary>DM channels opened with POST /users/@me/channels: user id → channel id.</summary>
    public ConcurrentDictionary<string, string> DmChannels { get; } = new(StringComparer.Ordinal);

    /// <summary>Discord's upload limit for a bot's message (10 MiB).</summary>
    public const long MaxUploadBytes = 10L * 1024 * 1024;

    public IReadOnlyList<DiscordSentMessage> Sent => [.. _sent];

    public IReadOnlyList<string> Actions => [.. _actions];

    public int ConnectedSockets => _sockets.Count;

    public static async Task<FakeDiscordServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeDiscordServer(app);
        app.UseWebSockets();
        app.Map("/gateway", server.GatewayAsync);
        app.MapPost("/api/v10/channels/{channelId}/messages", server.CreateMessageAsync);
        app.MapPost("/api/v10/channels/{channelId}/typing", (HttpContext c, string channelId) => server.Simple(c, $"typing:{channelId}"));
        app.MapPut("/api/v10/channels/{channelId}/messages/{messageId}/reactions/{emoji}/@me",
            (HttpContext c, string channelId, string messageId, string emoji) => server.Simple(c, $"reaction:{channelId}:{messageId}:{Uri.UnescapeDataString(emoji)}"));
        app.MapPost("/api/v10/users/@me/channels", server.OpenDmAsync);
        app.MapGet("/api/v10/users/@me", (HttpContext c) => server.Authorized(c)
            ? Results.Json(server.BotUser())
            : Results.Json(new { message = "401: Unauthorized", code = 0 }, statusCode: 401));
        await app.StartAsync();
        var url = app.Urls.First().TrimEnd('/');
        server.ApiBaseUrl = url + "/api/v10";
        server.GatewayUrl = url.Replace("http://", "ws://", StringComparison.Ordinal) + "/gateway";
        return server;
    }

    /// <summary>The next <paramref name="count"/> REST calls answer 429 with <c>retry_after</c> in seconds.</summary>
    public void RateLimitNext(int count) => Interlocked.Exchange(ref _rateLimited, count);

    /// <summary>A user posts in a channel (guild text channel, or a DM when <paramref name="guildId"/> is null).</summary>
    public string UserPosts(string channelId, string authorId, string content, string? guildId = "1200000000000000001",
        bool mentionBot = false, bool fromBot = false, JsonArray? attachments = null, IEnumerable<string>? roles = null)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        var author = new JsonObject { ["id"] = authorId, ["username"] = fromBot ? "other-bot" : "ada", ["global_name"] = fromBot ? null : "Ada", ["discriminator"] = "0" };
        if (fromBot)
        {
            author["bot"] = true;
        }

        var message = new JsonObject
        {
            ["id"] = id,
            ["type"] = 0,
            ["channel_id"] = channelId,
            ["author"] = author,
            ["content"] = mentionBot ? $"<@{BotId}> {content}" : content,
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["edited_timestamp"] = null,
            ["tts"] = false,
            ["mention_everyone"] = false,
            ["mentions"] = mentionBot ? new JsonArray(BotUser()) : new JsonArray(),
            ["mention_roles"] = new JsonArray(),
            ["attachments"] = attachments ?? [],
            ["embeds"] = new JsonArray(),
            ["pinned"] = false,
        };
        if (guildId is not null)
        {
            message["guild_id"] = guildId;
            message["member"] = new JsonObject { ["roles"] = new JsonArray([.. (roles ?? []).Select(r => (JsonNode)r)]), ["nick"] = null, ["joined_at"] = "2024-01-01T00:00:00+00:00" };
        }

        Dispatch("MESSAGE_CREATE", message);
        return id;
    }

    /// <summary>An edit of an earlier message (MESSAGE_UPDATE), which a chat bot does not answer.</summary>
    public void UserEdits(string channelId, string messageId, string content) =>
        Dispatch("MESSAGE_UPDATE", new JsonObject { ["id"] = messageId, ["channel_id"] = channelId, ["content"] = content, ["edited_timestamp"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture) });

    /// <summary>The bot's own message echoed back by the gateway, as Discord does.</summary>
    public void BotOwnMessage(string channelId, string content)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        var user = BotUser();
        Dispatch("MESSAGE_CREATE", new JsonObject { ["id"] = id, ["channel_id"] = channelId, ["author"] = user, ["content"] = content, ["mentions"] = new JsonArray(), ["attachments"] = new JsonArray() });
    }

    public void Dispatch(string type, JsonObject data)
    {
        JsonObject payload;
        lock (_gate)
        {
            var seq = ++_sequence;
            payload = new JsonObject { ["op"] = 0, ["t"] = type, ["s"] = seq, ["d"] = data };
            _events.Add((seq, payload));
        }

        Broadcast(payload);
    }

    /// <summary>Sends a raw frame to connected clients (malformed JSON, unknown opcodes).</summary>
    public void SendRaw(string frame)
    {
        foreach (var (socket, lockObj) in _sockets)
        {
            _ = SendAsync(socket, lockObj, frame);
        }
    }

    /// <summary>op 7: the client must reconnect and resume.</summary>
    public void RequestReconnect() => Broadcast(new JsonObject { ["op"] = 7, ["d"] = null });

    /// <summary>op 9 Invalid Session; <paramref name="resumable"/> false forces a new identify.</summary>
    public void InvalidateSession(bool resumable) => Broadcast(new JsonObject { ["op"] = 9, ["d"] = resumable });

    public async Task<IReadOnlyList<DiscordSentMessage>> WaitForSentAsync(Func<IReadOnlyList<DiscordSentMessage>, bool> until, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!until(Sent))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the fake Discord did not receive the expected messages within {timeout}; it has {Sent.Count}");
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        return Sent;
    }

    private void Broadcast(JsonObject payload)
    {
        var text = payload.ToJsonString();
        foreach (var (socket, lockObj) in _sockets)
        {
            _ = SendAsync(socket, lockObj, text);
        }
    }

    private static async Task SendAsync(WebSocket socket, SemaphoreSlim lockObj, string text)
    {
        await lockObj.WaitAsync().ConfigureAwait(false);
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (WebSocketException)
        {
        }
        finally
        {
            lockObj.Release();
        }
    }

    private async Task GatewayAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest || context.Request.Query["v"] != "10" || context.Request.Query["encoding"] != "json")
        {
            context.Response.StatusCode = 400;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var lockObj = new SemaphoreSlim(1, 1);
        await SendAsync(socket, lockObj, new JsonObject { ["op"] = 10, ["d"] = new JsonObject { ["heartbeat_interval"] = HeartbeatIntervalMs } }.ToJsonString()).ConfigureAwait(false);
        var buffer = new byte[64 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, context.RequestAborted).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                var frame = JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, result.Count)) as JsonObject;
                switch (frame?["op"]?.GetValue<int>())
                {
                    case 1:
                        Interlocked.Increment(ref Heartbeats);
                        await SendAsync(socket, lockObj, """{"op":11}""").ConfigureAwait(false);
                        break;
                    case 2:
                        Interlocked.Increment(ref Identifies);
                        if (frame["d"]?["token"]?.ToString() != Token)
                        {
                            await socket.CloseAsync((WebSocketCloseStatus)4004, "Authentication failed.", CancellationToken.None).ConfigureAwait(false);
                            return;
                        }

                        _sockets[socket] = lockObj;
                        long seq;
                        lock (_gate)
                        {
                            seq = ++_sequence;
                        }

                        await SendAsync(socket, lockObj, new JsonObject
                        {
                            ["op"] = 0, ["t"] = "READY", ["s"] = seq,
                            ["d"] = new JsonObject
                            {
                                ["v"] = 10, ["user"] = BotUser(), ["guilds"] = new JsonArray(), ["session_id"] = SessionId,
                                ["resume_gateway_url"] = GatewayUrl, ["application"] = new JsonObject { ["id"] = BotId, ["flags"] = 0 },
                            },
                        }.ToJsonString()).ConfigureAwait(false);
                        break;
                    case 6:
                        Interlocked.Increment(ref Resumes);
                        var from = frame["d"]?["seq"]?.GetValue<long>() ?? 0;
                        List<JsonObject> missed;
                        lock (_gate)
                        {
                            missed = [.. _events.Where(e => e.Seq > from).Select(e => e.Payload)];
                        }

                        foreach (var payload in missed)
                        {
                            await SendAsync(socket, lockObj, payload.ToJsonString()).ConfigureAwait(false);
                        }

                        _sockets[socket] = lockObj;
                        await SendAsync(socket, lockObj, """{"op":0,"t":"RESUMED","s":null,"d":{}}""").ConfigureAwait(false);
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or System.Text.Json.JsonException)
        {
        }
        finally
        {
            _sockets.TryRemove(socket, out _);
        }
    }

    private async Task CreateMessageAsync(HttpContext context, string channelId)
    {
        if (await GuardAsync(context).ConfigureAwait(false))
        {
            return;
        }

        if (UnknownChannels.ContainsKey(channelId))
        {
            await Results.Json(new { message = "Unknown Channel", code = 10003 }, statusCode: 404).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        // Discord refuses requests over the upload limit before looking at them (10 MiB for bots).
        if (context.Request.ContentLength > MaxUploadBytes)
        {
            await Results.Json(new { message = "Request entity too large", code = 40005 }, statusCode: 413).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        JsonObject body;
        var files = new List<DiscordSentAttachment>();
        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            body = JsonNode.Parse(form["payload_json"].ToString() is { Length: > 0 } json ? json : "{}") as JsonObject ?? [];
            foreach (var file in form.Files)
            {
                using var bytes = new MemoryStream();
                await file.CopyToAsync(bytes, context.RequestAborted).ConfigureAwait(false);
                files.Add(new DiscordSentAttachment(file.Name, file.FileName, file.ContentType, bytes.ToArray()));
            }

            // payload_json.attachments must describe each uploaded files[n] part by its index.
            var declared = body["attachments"] as JsonArray ?? [];
            if (files.Any(f => !declared.Any(a => $"files[{a?["id"]}]" == f.FieldName)))
            {
                await Results.Json(JsonNode.Parse("""{"message":"Invalid Form Body","code":50035,"errors":{"attachments":{"_errors":[{"code":"ATTACHMENT_NOT_FOUND","message":"Attachment data not found"}]}}}"""), statusCode: 400)
                    .ExecuteAsync(context).ConfigureAwait(false);
                return;
            }
        }
        else
        {
            body = await JsonNode.ParseAsync(context.Request.Body).ConfigureAwait(false) as JsonObject ?? [];
        }

        var content = body["content"]?.ToString() ?? "";
        if (content.Length == 0 && files.Count == 0)
        {
            await Results.Json(new { message = "Cannot send an empty message", code = 50006 }, statusCode: 400).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (content.Length > 2000)
        {
            await Results.Json(JsonNode.Parse("""{"message":"Invalid Form Body","code":50035,"errors":{"content":{"_errors":[{"code":"BASE_TYPE_MAX_LENGTH","message":"Must be 2000 or fewer in length."}]}}}"""), statusCode: 400)
                .ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var id = Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        var replyTo = body["message_reference"]?["message_id"]?.ToString();
        _sent.Enqueue(new DiscordSentMessage(channelId, id, content, replyTo) { Attachments = files });
        SetRateLimitHeaders(context, remaining: 4);
        await Results.Json(new JsonObject
        {
            ["id"] = id, ["channel_id"] = channelId, ["content"] = content, ["author"] = BotUser(), ["type"] = replyTo is null ? 0 : 19,
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["attachments"] = new JsonArray([.. files.Select((f, i) => (JsonNode)new JsonObject
            {
                ["id"] = $"{id}{i}", ["filename"] = f.FileName, ["size"] = f.Content.Length, ["content_type"] = f.ContentType,
                ["url"] = $"https://cdn.discordapp.com/attachments/{channelId}/{id}{i}/{f.FileName}",
                ["proxy_url"] = $"https://media.discordapp.net/attachments/{channelId}/{id}{i}/{f.FileName}",
            })]),
        }).ExecuteAsync(context).ConfigureAwait(false);
    }

    /// <summary>POST /users/@me/channels {recipient_id}: the DM channel with a user (the same one every time).</summary>
    private async Task OpenDmAsync(HttpContext context)
    {
        if (await GuardAsync(context).ConfigureAwait(false))
        {
            return;
        }

        var body = await JsonNode.ParseAsync(context.Request.Body).ConfigureAwait(false) as JsonObject ?? [];
        if (body["recipient_id"]?.ToString() is not { Length: > 0 } userId)
        {
            await Results.Json(JsonNode.Parse("""{"message":"Invalid Form Body","code":50035,"errors":{"recipient_id":{"_errors":[{"code":"BASE_TYPE_REQUIRED","message":"This field is required"}]}}}"""), statusCode: 400)
                .ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var channelId = DmChannels.GetOrAdd(userId, _ => Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture));
        await Results.Json(new JsonObject
        {
            ["id"] = channelId, ["type"] = 1, ["last_message_id"] = null, ["flags"] = 0,
            ["recipients"] = new JsonArray(new JsonObject { ["id"] = userId, ["username"] = "ada", ["global_name"] = "Ada", ["discriminator"] = "0" }),
        }).ExecuteAsync(context).ConfigureAwait(false);
    }

    private async Task Simple(HttpContext context, string action)
    {
        if (await GuardAsync(context).ConfigureAwait(false))
        {
            return;
        }

        _actions.Enqueue(action);
        context.Response.StatusCode = 204;
    }

    /// <summary>Auth and injected rate limits; true when the request was answered.</summary>
    private async Task<bool> GuardAsync(HttpContext context)
    {
        if (!Authorized(context))
        {
            await Results.Json(new { message = "401: Unauthorized", code = 0 }, statusCode: 401).ExecuteAsync(context).ConfigureAwait(false);
            return true;
        }

        if (Interlocked.Decrement(ref _rateLimited) >= 0)
        {
            SetRateLimitHeaders(context, remaining: 0);
            context.Response.Headers["Retry-After"] = "1";
            context.Response.Headers["X-RateLimit-Scope"] = "user";
            await Results.Json(new { message = "You are being rate limited.", retry_after = 0.3, global = false }, statusCode: 429).ExecuteAsync(context).ConfigureAwait(false);
            return true;
        }

        Interlocked.Exchange(ref _rateLimited, 0);
        return false;
    }

    private static void SetRateLimitHeaders(HttpContext context, int remaining)
    {
        context.Response.Headers["X-RateLimit-Limit"] = "5";
        context.Response.Headers["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["X-RateLimit-Reset-After"] = "0.3";
        context.Response.Headers["X-RateLimit-Bucket"] = "abcd1234";
    }

    private bool Authorized(HttpContext context) => context.Request.Headers.Authorization.ToString() == $"Bot {Token}";

    private JsonObject BotUser() => new() { ["id"] = BotId, ["username"] = BotUsername, ["discriminator"] = "0", ["bot"] = true, ["global_name"] = null };

    public async ValueTask DisposeAsync()
    {
        foreach (var socket in _sockets.Keys)
        {
            socket.Abort();
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>A message the bot created through REST.</summary>
public sealed record DiscordSentMessage(string ChannelId, string Id, string Content, string? ReplyToMessageId)
{
    /// <summary>Files uploaded with the message (multipart <c>files[n]</c> parts).</summary>
    public IReadOnlyList<DiscordSentAttachment> Attachments { get; init; } = [];
}

/// <summary>One uploaded file of a Discord message.</summary>
public sealed record DiscordSentAttachment(string FieldName, string FileName, string? ContentType, byte[] Content);
