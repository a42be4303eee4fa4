using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OpenClaw.Fakes.Telegram;

/// <summary>The server-side state of one bot on <see cref="FakeTelegramServer"/>: its update queue, chats and what it sent.</summary>
public sealed partial class FakeTelegramBot : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<JsonObject> _updates = [];
    private readonly ConcurrentQueue<TelegramSentMessage> _sent = new();
    private readonly ConcurrentQueue<TelegramAction> _actions = new();
    private readonly ConcurrentDictionary<long, string> _chatTypes = new();
    private readonly SemaphoreSlim _updateArrived = new(0);
    private readonly HttpClient _webhookClient = new();
    private int _nextUpdateId = 100_000;
    private int _nextMessageId = 1;
    private int _rateLimitedSends;
    private int _rateLimitRetryAfter;
    private int _failedGetUpdates;

    internal FakeTelegramBot(long id, string username, string token)
    {
        Id = id;
        Username = username;
        Token = token;
    }

    public long Id { get; }

    public string Username { get; }

    public string Token { get; }

    public string? WebhookUrl { get; private set; }

    public string? WebhookSecret { get; private set; }

    /// <summary>Highest offset the bot confirmed with getUpdates (updates below it are gone, as on Telegram).</summary>
    public int ConfirmedOffset { get; private set; }

    public int GetUpdatesCalls;

    /// <summary>Chats that answer 403 "bot was blocked by the user".</summary>
    public ConcurrentDictionary<long, bool> BlockedChats { get; } = new();

    internal ConcurrentDictionary<string, (string FileId, byte[] Content)> Files { get; } = new();

    public IReadOnlyList<TelegramSentMessage> Sent => [.. _sent];

    public IReadOnlyList<TelegramAction> Actions => [.. _actions];

    public int PendingUpdates
    {
        get
        {
            lock (_gate)
            {
                return _updates.Count;
            }
        }
    }

    /// <summary>The next <paramref name="count"/> getUpdates calls fail as Telegram does when its front end is down (502 Bad Gateway).</summary>
    public void FailNextGetUpdates(int count) => Interlocked.Exchange(ref _failedGetUpdates, count);

    /// <summary>The next <paramref name="count"/> sends answer 429 with <c>retry_after</c>.</summary>
    public void RateLimitNextSends(int count, int retryAfterSeconds)
    {
        _rateLimitRetryAfter = retryAfterSeconds;
        Interlocked.Exchange(ref _rateLimitedSends, count);
    }

    /// <summary>A user writes to the bot. Returns the Telegram message id.</summary>
    public int UserSends(long chatId, string text, long? fromId = null, string chatType = "private", int? threadId = null,
        int? replyToMessageId = null, bool replyToBot = false, JsonArray? entities = null, string? firstName = "Ada")
    {
        var message = NewMessage(chatId, fromId ?? chatId, chatType, threadId, firstName);
        message["text"] = text;
        if (entities is not null)
        {
            message["entities"] = entities;
        }

        AddReply(message, chatId, chatType, replyToMessageId, replyToBot);
        EnqueueUpdate("message", message);
        return message["message_id"]!.GetValue<int>();
    }

    /// <summary>A user writes "@bot …" with the mention entity Telegram attaches.</summary>
    public int UserMentionsBot(long chatId, long fromId, string textAfterMention, string chatType = "supergroup", int? threadId = null)
    {
        var mention = "@" + Username;
        return UserSends(chatId, $"{mention} {textAfterMention}", fromId, chatType, threadId,
            entities: [new JsonObject { ["offset"] = 0, ["length"] = mention.Length, ["type"] = "mention" }]);
    }

    /// <summary>A user sends a photo (several sizes, as Telegram does), a document or a voice note.</summary>
    public int UserSendsFile(long chatId, string kind, byte[] content, string? caption = null, string? fileName = null, string? mimeType = null)
    {
        var fileId = $"AgAC{Guid.NewGuid():N}";
        var path = kind switch { "photo" => $"photos/file_{Files.Count}.jpg", "voice" => $"voice/file_{Files.Count}.oga", _ => $"documents/{fileName ?? "file.bin"}" };
        Files[path] = (fileId, content);
        var message = NewMessage(chatId, chatId, "private", null, "Ada");
        var file = new JsonObject { ["file_id"] = fileId, ["file_unique_id"] = fileId[..12], ["file_size"] = content.Length };
        switch (kind)
        {
            case "photo":
                var small = (JsonObject)file.DeepClone();
                small["file_id"] = fileId + "_s";
                small["width"] = 90;
                small["height"] = 60;
                file["width"] = 1280;
                file["height"] = 853;
                message["photo"] = new JsonArray(small, file);
                break;
            case "voice":
                file["duration"] = 3;
                file["mime_type"] = mimeType ?? "audio/ogg";
                message["voice"] = file;
                break;
            default:
                file["file_name"] = fileName ?? "file.bin";
                file["mime_type"] = mimeType ?? "application/octet-stream";
                message["document"] = file;
                break;
        }

        if (caption is not null)
        {
            message["caption"] = caption;
        }

        EnqueueUpdate("message", message);
        return message["message_id"]!.GetValue<int>();
    }

    /// <summary>A user edits an earlier message (an <c>edited_message</c> update).</summary>
    public void UserEdits(long chatId, int messageId, string newText)
    {
        var message = NewMessage(chatId, chatId, "private", null, "Ada");
        message["message_id"] = messageId;
        message["text"] = newText;
        message["edit_date"] = Now();
        EnqueueUpdate("edited_message", message);
    }

    /// <summary>A message from the bot itself (for example sent from another session), as Telegram echoes in groups.</summary>
    public void BotOwnMessage(long chatId, string text)
    {
        var message = NewMessage(chatId, Id, "supergroup", null, "Bot");
        ((JsonObject)message["from"]!)["is_bot"] = true;
        ((JsonObject)message["from"]!)["username"] = Username;
        message["text"] = text;
        EnqueueUpdate("message", message);
    }

    /// <summary>Updates of kinds a chat bot does not act on: a callback query, a membership change, a channel post.</summary>
    public void IgnoredUpdates(long chatId)
    {
        EnqueueUpdate("callback_query", new JsonObject
        {
            ["id"] = "4382bfdwdsb323b2d9",
            ["from"] = User(chatId, "Ada"),
            ["chat_instance"] = "-1234",
            ["data"] = "button-1",
        });
        EnqueueUpdate("my_chat_member", new JsonObject
        {
            ["chat"] = Chat(chatId, "private"),
            ["from"] = User(chatId, "Ada"),
            ["date"] = Now(),
            ["old_chat_member"] = new JsonObject { ["status"] = "member", ["user"] = User(Id, "Bot", isBot: true) },
            ["new_chat_member"] = new JsonObject { ["status"] = "kicked", ["user"] = User(Id, "Bot", isBot: true), ["until_date"] = 0 },
        });
        var post = NewMessage(-1001999, 0, "channel", null, null);
        post.Remove("from");
        post["text"] = "channel post";
        EnqueueUpdate("channel_post", post);
    }

    /// <summary>Adds a raw update object (it gets the next update_id); for malformed or unusual payloads.</summary>
    public int EnqueueRaw(JsonObject update)
    {
        lock (_gate)
        {
            var id = _nextUpdateId++;
            update["update_id"] = id;
            _updates.Add(update);
            _updateArrived.Release();
            return id;
        }
    }

    public async Task<IReadOnlyList<TelegramSentMessage>> WaitForSentAsync(Func<IReadOnlyList<TelegramSentMessage>, bool> until, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var sent = Sent;
            if (until(sent))
            {
                return sent;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the fake Telegram did not receive the expected messages within {timeout}; it has {sent.Count}: " +
                    string.Join(" | ", sent.TakeLast(5).Select(s => s.Text.Length > 60 ? s.Text[..60] : s.Text)));
            }

            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Posts queued updates to the registered webhook as Telegram does; returns the HTTP statuses.
    /// <paramref name="deliverTo"/> replaces the registered public URL with the loopback listener behind it.
    /// </summary>
    public async Task<IReadOnlyList<int>> DeliverWebhooksAsync(string? secretOverride = null, string? deliverTo = null)
    {
        var statuses = new List<int>();
        List<JsonObject> batch;
        lock (_gate)
        {
            batch = [.. _updates];
        }

        foreach (var update in batch)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, deliverTo ?? WebhookUrl) { Content = JsonContent.Create(update) };
            request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secretOverride ?? WebhookSecret);
            using var response = await _webhookClient.SendAsync(request).ConfigureAwait(false);
            statuses.Add((int)response.StatusCode);
            if (response.IsSuccessStatusCode)
            {
                lock (_gate)
                {
                    _updates.Remove(update);
                }
            }
        }

        return statuses;
    }

    internal async Task<(int Status, JsonNode Body)> HandleAsync(string method, JsonObject p, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, TelegramUploadedFile>? uploads = null)
    {
        switch (method)
        {
            case "getMe":
                return Ok(User(Id, "OpenClaw Test", isBot: true, username: Username));
            case "getUpdates":
                return await GetUpdatesAsync(p, cancellationToken).ConfigureAwait(false);
            case "deleteWebhook":
                WebhookUrl = null;
                WebhookSecret = null;
                return Ok(true);
            case "setWebhook":
                WebhookUrl = p["url"]?.ToString();
                WebhookSecret = p["secret_token"]?.ToString();
                return Ok(true);
            case "getWebhookInfo":
                return Ok(new JsonObject { ["url"] = WebhookUrl ?? "", ["pending_update_count"] = PendingUpdates });
            case "getFile":
                var fileId = p["file_id"]?.ToString();
                var match = Files.FirstOrDefault(f => f.Value.FileId == fileId);
                return match.Key is null
                    ? (400, FakeTelegramServer.Error(400, "Bad Request: invalid file_id"))
                    : Ok(new JsonObject { ["file_id"] = fileId, ["file_unique_id"] = fileId![..12], ["file_size"] = match.Value.Content.Length, ["file_path"] = match.Key });
            case "sendMessage":
                return Send(method, p);
            case "sendPhoto":
            case "sendDocument":
            case "sendVoice":
            case "sendAudio":
            case "sendVideo":
                return await SendMediaAsync(method, p, uploads ?? new Dictionary<string, TelegramUploadedFile>(), cancellationToken).ConfigureAwait(false);
            case "sendChatAction":
                var chat = ChatIdOf(p);
                _actions.Enqueue(new TelegramAction(method, chat, p["action"]?.ToString() ?? "", IntOf(p["message_thread_id"]), null));
                return Ok(true);
            case "setMessageReaction":
                var reaction = p["reaction"] is JsonArray { Count: > 0 } list ? list[0]?["emoji"]?.ToString() ?? "" : "";
                _actions.Enqueue(new TelegramAction(method, ChatIdOf(p), reaction, null, IntOf(p["message_id"])));
                return Ok(true);
            default:
                return (404, FakeTelegramServer.Error(404, "Not Found"));
        }
    }

    private async Task<(int, JsonNode)> GetUpdatesAsync(JsonObject p, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref GetUpdatesCalls);
        if (Interlocked.Decrement(ref _failedGetUpdates) >= 0)
        {
            return (502, FakeTelegramServer.Error(502, "Bad Gateway"));
        }

        Interlocked.Exchange(ref _failedGetUpdates, Math.Max(_failedGetUpdates, 0));
        if (WebhookUrl is not null)
        {
            return (409, FakeTelegramServer.Error(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"));
        }

        var offset = IntOf(p["offset"]);
        var limit = Math.Clamp(IntOf(p["limit"]) ?? 100, 1, 100);
        var timeout = TimeSpan.FromSeconds(Math.Clamp(IntOf(p["timeout"]) ?? 0, 0, 50));
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            lock (_gate)
            {
                if (offset is { } confirmed)
                {
                    // Calling with an offset confirms every update below it: Telegram forgets them.
                    _updates.RemoveAll(u => u["update_id"]!.GetValue<int>() < confirmed);
                    ConfirmedOffset = Math.Max(ConfirmedOffset, confirmed);
                }

                if (_updates.Count > 0 || DateTime.UtcNow >= deadline)
                {
                    return Ok(new JsonArray([.. _updates.Take(limit).Select(u => u.DeepClone())]));
                }
            }

            var remaining = deadline - DateTime.UtcNow;
            try
            {
                await _updateArrived.WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return Ok(new JsonArray());
            }
        }
    }

    private (int, JsonNode) Send(string method, JsonObject p, TelegramSentFile? file = null, (string Field, JsonNode Value)? fileJson = null)
    {
        var chatId = ChatIdOf(p);
        if (Interlocked.Decrement(ref _rateLimitedSends) >= 0)
        {
            return (429, FakeTelegramServer.Error(429, $"Too Many Requests: retry after {_rateLimitRetryAfter}", _rateLimitRetryAfter));
        }

        Interlocked.Exchange(ref _rateLimitedSends, Math.Max(_rateLimitedSends, 0));
        if (BlockedChats.ContainsKey(chatId))
        {
            return (403, FakeTelegramServer.Error(403, "Forbidden: bot was blocked by the user"));
        }

        var text = (method == "sendMessage" ? p["text"] : p["caption"])?.ToString() ?? "";
        var parseMode = p["parse_mode"]?.ToString();
        var visibleLength = text.Length;
        if (string.Equals(parseMode, "HTML", StringComparison.OrdinalIgnoreCase))
        {
            if (TelegramHtmlValidator.Validate(text, out visibleLength) is { } error)
            {
                return (400, FakeTelegramServer.Error(400, error));
            }
        }

        if (method == "sendMessage" && visibleLength == 0)
        {
            return (400, FakeTelegramServer.Error(400, "Bad Request: message text is empty"));
        }

        if (visibleLength > (method == "sendMessage" ? 4096 : 1024))
        {
            return (400, FakeTelegramServer.Error(400, method == "sendMessage" ? "Bad Request: message is too long" : "Bad Request: message caption is too long"));
        }

        var replyTo = IntOf(p["reply_parameters"]?["message_id"]) ?? IntOf(p["reply_to_message_id"]);
        var threadId = IntOf(p["message_thread_id"]);
        var messageId = Interlocked.Increment(ref _nextMessageId);
        _sent.Enqueue(new TelegramSentMessage(method, chatId, messageId, text, parseMode, replyTo, threadId, DateTimeOffset.UtcNow) { File = file });

        var message = new JsonObject
        {
            ["message_id"] = messageId,
            ["from"] = User(Id, "OpenClaw Test", isBot: true, username: Username),
            ["chat"] = Chat(chatId, _chatTypes.GetValueOrDefault(chatId, chatId > 0 ? "private" : "supergroup")),
            ["date"] = Now(),
        };
        if (method == "sendMessage")
        {
            message["text"] = text;
        }
        else if (text.Length > 0)
        {
            message["caption"] = text;
        }

        if (fileJson is { } attached)
        {
            message[attached.Field] = attached.Value;
        }

        if (threadId is not null)
        {
            message["message_thread_id"] = threadId;
            message["is_topic_message"] = true;
        }

        return Ok(message);
    }

    private JsonObject NewMessage(long chatId, long fromId, string chatType, int? threadId, string? firstName)
    {
        _chatTypes[chatId] = chatType;
        var message = new JsonObject
        {
            ["message_id"] = Interlocked.Increment(ref _nextMessageId),
            ["from"] = User(fromId, firstName ?? "Ada"),
            ["chat"] = Chat(chatId, chatType),
            ["date"] = Now(),
        };
        if (threadId is not null)
        {
            message["message_thread_id"] = threadId;
            message["is_topic_message"] = true;
        }

        return message;
    }

    private void AddReply(JsonObject message, long chatId, string chatType, int? replyToMessageId, bool replyToBot)
    {
        if (replyToMessageId is null && !replyToBot)
        {
            return;
        }

        message["reply_to_message"] = new JsonObject
        {
            ["message_id"] = replyToMessageId ?? 1,
            ["from"] = replyToBot ? User(Id, "OpenClaw Test", isBot: true, username: Username) : User(chatId, "Ada"),
            ["chat"] = Chat(chatId, chatType),
            ["date"] = Now() - 60,
            ["text"] = "earlier message",
        };
    }

    private void EnqueueUpdate(string kind, JsonObject payload) => EnqueueRaw(new JsonObject { [kind] = payload });

    private static JsonObject User(long id, string firstName, bool isBot = false, string? username = null)
    {
        var user = new JsonObject { ["id"] = id, ["is_bot"] = isBot, ["first_name"] = firstName };
        if (!isBot)
        {
            user["language_code"] = "en";
        }

        if (username is not null)
        {
            user["username"] = username;
        }

        return user;
    }

    private static JsonObject Chat(long id, string type)
    {
        if (type == "private")
        {
            return new JsonObject { ["id"] = id, ["first_name"] = "Ada", ["type"] = type };
        }

        var chat = new JsonObject { ["id"] = id, ["title"] = "Test group", ["type"] = type };
        if (type == "supergroup")
        {
            chat["is_forum"] = true;
        }

        return chat;
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private static long ChatIdOf(JsonObject p) =>
        long.TryParse(p["chat_id"]?.ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) ? id : 0;

    private static int? IntOf(JsonNode? node) =>
        node is null ? null : int.TryParse(node.ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static (int, JsonNode) Ok(JsonNode? result) => (200, new JsonObject { ["ok"] = true, ["result"] = result });

    public void Dispose()
    {
        _updateArrived.Dispose();
        _webhookClient.Dispose();
    }
}
