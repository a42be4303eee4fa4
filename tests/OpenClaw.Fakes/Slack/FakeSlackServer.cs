using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OpenClaw.Fakes.Slack;

/// <summary>
/// Slack on loopback, per https://api.slack.com: the Web API under <c>/api/&lt;method&gt;</c> (auth.test,
/// apps.connections.open, chat.postMessage, reactions.add) with <c>{"ok":false,"error":…}</c> answers and HTTP 429
/// + <c>Retry-After</c>; Socket Mode WebSockets (hello, <c>events_api</c> envelopes that must be acknowledged and
/// are redelivered otherwise, <c>disconnect</c>); and a signer that posts Events API requests to an HTTP endpoint.
/// </summary>
public sealed class FakeSlackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SlackPostedMessage> _posted = new();
    private readonly ConcurrentQueue<string> _reactions = new();
    private readonly ConcurrentDictionary<string, JsonObject> _unacked = new();
    private readonly ConcurrentDictionary<WebSocket, SemaphoreSlim> _sockets = new();
    private readonly HttpClient _http = new();
    private int _rateLimited;
    private long _ts = 1_700_000_000_000_000;

    private FakeSlackServer(WebApplication app) => _app = app;

    public string BotToken { get; } = $"xoxb-{Guid.NewGuid():N}";

    public string AppToken { get; } = $"xapp-1-{Guid.NewGuid():N}";

    public string SigningSecret { get; } = Guid.NewGuid().ToString("N");

    public string BotUserId { get; } = "U0BOT00001";

    public string TeamId { get; } = "T0TEAM0001";

    public string ApiBaseUrl { get; private set; } = "";

    public int ConnectionsOpened;

    public int Acks;

    public int ConnectedSockets => _sockets.Count;

    public IReadOnlyList<SlackPostedMessage> Posted => [.. _posted];

    public IReadOnlyList<string> Reactions => [.. _reactions];

    /// <summary>DM conversations opened with conversations.open: user id → D… channel id.</summary>
    public ConcurrentDictionary<string, string> DirectMessages { get; } = new(StringComparer.Ordinal);

    /// <summary>Files shared with files.completeUploadExternal.</summary>
    public IReadOnlyList<SlackUploadedFile> Uploads => [.. _uploads];

    /// <summary>Slack's file size limit (1 GB).</summary>
    public const long MaxFileBytes = 1L << 30;

    private readonly ConcurrentQueue<SlackUploadedFile> _uploads = new();
    private readonly ConcurrentDictionary<string, PendingUpload> _pendingUploads = new(StringComparer.Ordinal);

    private sealed record PendingUpload(string FileName, long Length, byte[]? Content);

    public static async Task<FakeSlackServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeSlackServer(app);
        app.UseWebSockets();
        app.MapPost("/api/{method}", server.ApiAsync);
        app.MapPost("/upload/{fileId}", server.ReceiveUploadAsync);
        app.Map("/socket", server.SocketAsync);
        await app.StartAsync();
        server.ApiBaseUrl = app.Urls.First().TrimEnd('/') + "/api";
        return server;
    }

    public void RateLimitNext(int count) => Interlocked.Exchange(ref _rateLimited, count);

    /// <summary>An <c>event_callback</c> payload for a user message, as the Events API sends it.</summary>
    public JsonObject MessageEvent(string channel, string user, string text, string channelType = "channel", string? threadTs = null,
        string? subtype = null, string? botId = null, string type = "message")
    {
        var ts = (Interlocked.Increment(ref _ts) / 1_000_000.0).ToString("F6", CultureInfo.InvariantCulture);
        var e = new JsonObject
        {
            ["type"] = type, ["user"] = user, ["text"] = text, ["ts"] = ts, ["channel"] = channel,
            ["event_ts"] = ts, ["channel_type"] = channelType, ["team"] = TeamId,
        };
        if (threadTs is not null)
        {
            e["thread_ts"] = threadTs;
        }

        if (subtype is not null)
        {
            e["subtype"] = subtype;
        }

        if (botId is not null)
        {
            e["bot_id"] = botId;
        }

        return new JsonObject
        {
            ["token"] = "deprecated-verification-token", ["team_id"] = TeamId, ["api_app_id"] = "A0APP0001", ["event"] = e,
            ["type"] = "event_callback", ["event_id"] = $"Ev{Guid.NewGuid():N}"[..14], ["event_time"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        };
    }

    /// <summary>Sends an <c>events_api</c> envelope over Socket Mode; it stays unacknowledged until the client acks it.</summary>
    public string SendSocketEvent(JsonObject eventCallback)
    {
        var envelopeId = Guid.NewGuid().ToString();
        var envelope = new JsonObject
        {
            ["envelope_id"] = envelopeId, ["payload"] = eventCallback, ["type"] = "events_api",
            ["accepts_response_payload"] = false, ["retry_attempt"] = 0, ["retry_reason"] = "",
        };
        _unacked[envelopeId] = envelope;
        Broadcast(envelope.ToJsonString());
        return envelopeId;
    }

    public void SendSocketRaw(string frame) => Broadcast(frame);

    /// <summary>Asks connected clients to reconnect, as Slack does before rotating a connection.</summary>
    public void SendDisconnect(string reason = "refresh_requested") =>
        Broadcast(new JsonObject { ["type"] = "disconnect", ["reason"] = reason, ["debug_info"] = new JsonObject { ["host"] = "fake" } }.ToJsonString());

    public bool IsAcked(string envelopeId) => !_unacked.ContainsKey(envelopeId);

    /// <summary>Posts an Events API request to <paramref name="url"/> signed as Slack signs them (or badly, to test refusal).</summary>
    public async Task<(int Status, string Body)> PostEventAsync(string url, JsonObject payload, string? secret = null, long? timestamp = null)
    {
        var body = payload.ToJsonString();
        var ts = (timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds()).ToString(CultureInfo.InvariantCulture);
        var signature = "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret ?? SigningSecret), Encoding.UTF8.GetBytes($"v0:{ts}:{body}")));
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Slack-Request-Timestamp", ts);
        request.Headers.Add("X-Slack-Signature", signature);
        using var response = await _http.SendAsync(request).ConfigureAwait(false);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync().ConfigureAwait(false));
    }

    public async Task<IReadOnlyList<SlackPostedMessage>> WaitForPostedAsync(Func<IReadOnlyList<SlackPostedMessage>, bool> until, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!until(Posted))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the fake Slack did not receive the expected messages within {timeout}; it has {Posted.Count}");
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        return Posted;
    }

    private async Task ApiAsync(HttpContext context, string method)
    {
        var token = context.Request.Headers.Authorization.ToString().Replace("Bearer ", "", StringComparison.Ordinal);
        JsonObject body;
        try
        {
            body = context.Request.HasJsonContentType()
                ? await JsonNode.ParseAsync(context.Request.Body).ConfigureAwait(false) as JsonObject ?? []
                : context.Request.HasFormContentType
                    ? new JsonObject([.. (await context.Request.ReadFormAsync().ConfigureAwait(false)).Select(f => KeyValuePair.Create(f.Key, (JsonNode?)f.Value.ToString()))])
                    : [];
        }
        catch (System.Text.Json.JsonException)
        {
            await Results.Json(new { ok = false, error = "invalid_json" }).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (Interlocked.Decrement(ref _rateLimited) >= 0)
        {
            context.Response.Headers.RetryAfter = "1";
            await Results.Json(new { ok = false, error = "ratelimited" }, statusCode: 429).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        Interlocked.Exchange(ref _rateLimited, 0);
        var expected = method == "apps.connections.open" ? AppToken : BotToken;
        if (token != expected)
        {
            await Results.Json(new { ok = false, error = token.Length == 0 ? "not_authed" : "invalid_auth" }).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        object answer = method switch
        {
            "auth.test" => new { ok = true, url = "https://fake.slack.test/", team = "Fake", user = "openclaw", team_id = TeamId, user_id = BotUserId, bot_id = "B0BOT0001", is_enterprise_install = false },
            "apps.connections.open" => OpenConnection(context),
            "chat.postMessage" => PostMessage(body),
            "reactions.add" => React(body),
            "files.getUploadURLExternal" => GetUploadUrl(context, body),
            "files.completeUploadExternal" => CompleteUpload(body),
            "conversations.open" => OpenConversation(body),
            _ => new { ok = false, error = "unknown_method" },
        };
        await Results.Json(answer).ExecuteAsync(context).ConfigureAwait(false);
    }

    private object OpenConnection(HttpContext context)
    {
        Interlocked.Increment(ref ConnectionsOpened);
        var url = $"ws://{context.Request.Host}/socket?ticket={Guid.NewGuid():N}&app_id=A0APP0001";
        return new { ok = true, url };
    }

    private object PostMessage(JsonObject body)
    {
        var channel = body["channel"]?.ToString();
        var text = body["text"]?.ToString() ?? "";
        if (string.IsNullOrEmpty(channel))
        {
            return new { ok = false, error = "channel_not_found" };
        }

        if (text.Length > 40_000)
        {
            return new { ok = false, error = "msg_too_long" };
        }

        var ts = (Interlocked.Increment(ref _ts) / 1_000_000.0).ToString("F6", CultureInfo.InvariantCulture);
        _posted.Enqueue(new SlackPostedMessage(channel, text, body["thread_ts"]?.ToString(), body["blocks"] is not null, ts));
        return new { ok = true, channel, ts, message = new { type = "message", text, user = BotUserId, ts, bot_id = "B0BOT0001" } };
    }

    /// <summary>conversations.open {users}: the app's DM with a user (the same D… id every time).</summary>
    private object OpenConversation(JsonObject body)
    {
        var user = body["users"]?.ToString();
        if (string.IsNullOrEmpty(user))
        {
            return new { ok = false, error = "users_list_not_supplied" };
        }

        if (user.Contains(',', StringComparison.Ordinal))
        {
            // Several users make a group DM; the fake knows only one-to-one DMs.
            return new { ok = false, error = "not_implemented" };
        }

        var id = DirectMessages.GetOrAdd(user, u => "D" + u[1..]);
        return new { ok = true, channel = new { id, is_im = true, user } };
    }

    /// <summary>files.getUploadURLExternal: a one-time upload URL for a file of the declared name and length.</summary>
    private object GetUploadUrl(HttpContext context, JsonObject body)
    {
        var fileName = body["filename"]?.ToString();
        if (string.IsNullOrEmpty(fileName) || !long.TryParse(body["length"]?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length <= 0)
        {
            return new { ok = false, error = "invalid_arguments", response_metadata = new { messages = new[] { "[ERROR] missing required field: filename or length" } } };
        }

        if (length > MaxFileBytes)
        {
            return new { ok = false, error = "file_too_large" };
        }

        var fileId = $"F{Interlocked.Increment(ref _ts):D10}";
        _pendingUploads[fileId] = new PendingUpload(fileName, length, null);
        return new { ok = true, upload_url = $"http://{context.Request.Host}/upload/{fileId}", file_id = fileId };
    }

    /// <summary>The upload URL: takes the bytes (raw body or a multipart file) and answers "OK - &lt;length&gt;".</summary>
    private async Task ReceiveUploadAsync(HttpContext context, string fileId)
    {
        if (!_pendingUploads.TryGetValue(fileId, out var pending))
        {
            context.Response.StatusCode = 404;
            return;
        }

        using var bytes = new MemoryStream();
        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync().ConfigureAwait(false);
            if (form.Files.Count > 0)
            {
                await form.Files[0].CopyToAsync(bytes).ConfigureAwait(false);
            }
        }
        else
        {
            await context.Request.Body.CopyToAsync(bytes).ConfigureAwait(false);
        }

        _pendingUploads[fileId] = pending with { Content = bytes.ToArray() };
        await context.Response.WriteAsync($"OK - {bytes.Length}").ConfigureAwait(false);
    }

    /// <summary>files.completeUploadExternal: shares uploaded files in channel_id (and thread_ts).</summary>
    private object CompleteUpload(JsonObject body)
    {
        JsonArray files;
        try
        {
            files = JsonNode.Parse(body["files"]?.ToString() ?? "") as JsonArray ?? [];
        }
        catch (System.Text.Json.JsonException)
        {
            return new { ok = false, error = "invalid_arguments" };
        }

        var channel = body["channel_id"]?.ToString();
        if (files.Count == 0)
        {
            return new { ok = false, error = "invalid_arguments" };
        }

        var shared = new List<object>();
        foreach (var file in files)
        {
            var id = file?["id"]?.ToString() ?? "";
            // Never uploaded (or a wrong id): Slack has no such file.
            if (!_pendingUploads.TryRemove(id, out var pending) || pending.Content is null)
            {
                return new { ok = false, error = "file_not_found" };
            }

            if (pending.Content.Length != pending.Length)
            {
                return new { ok = false, error = "file_upload_size_mismatch" };
            }

            var title = file!["title"]?.ToString() ?? pending.FileName;
            _uploads.Enqueue(new SlackUploadedFile(id, pending.FileName, title, channel, body["thread_ts"]?.ToString(), body["initial_comment"]?.ToString(), pending.Content));
            shared.Add(new { id, title, name = pending.FileName, size = pending.Content.Length });
        }

        return new { ok = true, files = shared };
    }

    private object React(JsonObject body)
    {
        _reactions.Enqueue($"{body["channel"]}:{body["timestamp"]}:{body["name"]}");
        return new { ok = true };
    }

    private async Task SocketAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest || string.IsNullOrEmpty(context.Request.Query["ticket"]))
        {
            context.Response.StatusCode = 400;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var lockObj = new SemaphoreSlim(1, 1);
        _sockets[socket] = lockObj;
        await SendAsync(socket, lockObj, """{"type":"hello","num_connections":1,"debug_info":{"host":"fake","approximate_connection_time":18060},"connection_info":{"app_id":"A0APP0001"}}""").ConfigureAwait(false);
        // Envelopes a previous connection did not acknowledge are delivered again.
        foreach (var envelope in _unacked.Values)
        {
            envelope["retry_attempt"] = envelope["retry_attempt"]!.GetValue<int>() + 1;
            await SendAsync(socket, lockObj, envelope.ToJsonString()).ConfigureAwait(false);
        }

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

                if (JsonNode.Parse(Encoding.UTF8.GetString(buffer, 0, result.Count))?["envelope_id"]?.ToString() is { } id && _unacked.TryRemove(id, out _))
                {
                    Interlocked.Increment(ref Acks);
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

    private void Broadcast(string text)
    {
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

    public async ValueTask DisposeAsync()
    {
        foreach (var socket in _sockets.Keys)
        {
            socket.Abort();
        }

        _http.Dispose();
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>A message the bot posted with chat.postMessage.</summary>
/// <summary>A file shared in a conversation through the external upload flow.</summary>
public sealed record SlackUploadedFile(string FileId, string FileName, string Title, string? Channel, string? ThreadTs, string? InitialComment, byte[] Content);

public sealed record SlackPostedMessage(string Channel, string Text, string? ThreadTs, bool HasBlocks, string Ts);
