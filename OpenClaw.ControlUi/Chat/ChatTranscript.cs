using System.Text;
using System.Text.Json;
using OpenClaw.ControlUi.Gateway;
using OpenClaw.GatewayClient;

namespace OpenClaw.ControlUi.Chat;

public enum ChatRole
{
    User,
    Assistant,
    Tool,
    Notice,
    Error,
}

/// <summary>One row of the chat view. Tool rows carry the call's arguments and result (shown collapsed).</summary>
public sealed class ChatItem(ChatRole role)
{
    public ChatRole Role { get; } = role;

    public string Text { get; set; } = "";

    public string? RunId { get; init; }

    public string? ToolCallId { get; init; }

    public string? ToolName { get; init; }

    public string? ToolArgs { get; init; }

    public string? ToolResult { get; set; }

    public bool IsError { get; set; }

    public bool Streaming { get; set; }

    public long Timestamp { get; init; }

    /// <summary>Files the user sent with the message (shown under the bubble).</summary>
    public IReadOnlyList<ChatAttachment> Attachments { get; init; } = [];
}

/// <summary>
/// The chat of one session as the page shows it: history from <c>chat.history</c>, then live <c>chat</c> events
/// (v4 <c>deltaText</c> appended, or the cumulative <c>message</c>), <c>agent</c> tool events as tool rows, and
/// the run's end (final, aborted with its partial text kept, error).
/// </summary>
public sealed class ChatTranscript(string sessionKey)
{
    private readonly List<ChatItem> _items = [];

    public string SessionKey { get; } = sessionKey;

    public IReadOnlyList<ChatItem> Items => _items;

    /// <summary>The run currently streaming, if any (the Stop button aborts it).</summary>
    public string? ActiveRunId { get; private set; }

    public bool IsRunning => ActiveRunId is not null;

    public void LoadHistory(JsonElement history)
    {
        _items.Clear();
        foreach (var message in history.Items("messages"))
        {
            var role = message.Str("role");
            var text = TextOf(message);
            switch (role)
            {
                case "user":
                    _items.Add(new ChatItem(ChatRole.User) { Text = text, Timestamp = message.Long("timestamp") ?? 0 });
                    break;
                case "assistant" when text.Length > 0:
                    _items.Add(new ChatItem(ChatRole.Assistant) { Text = text, Timestamp = message.Long("timestamp") ?? 0 });
                    break;
                case "tool" or "toolResult":
                    _items.Add(new ChatItem(ChatRole.Tool)
                    {
                        ToolName = message.Str("toolName") ?? "tool",
                        ToolCallId = message.Str("toolCallId"),
                        ToolResult = text,
                        Timestamp = message.Long("timestamp") ?? 0,
                    });
                    break;
            }
        }
    }

    public void AddUser(string text, IReadOnlyList<ChatAttachment>? attachments = null) =>
        _items.Add(new ChatItem(ChatRole.User) { Text = text, Attachments = attachments ?? [], Timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });

    public void AddNotice(string text, bool error = false) => _items.Add(new ChatItem(error ? ChatRole.Error : ChatRole.Notice) { Text = text });

    public void Started(string? runId) => ActiveRunId = runId ?? ActiveRunId ?? "pending";

    /// <summary>Applies an event; false when it belongs to another session or changes nothing.</summary>
    public bool Apply(GatewayEvent e)
    {
        if (e.Payload is not { ValueKind: JsonValueKind.Object } payload || !SameSession(payload.Str("sessionKey")))
        {
            return false;
        }

        var runId = payload.Str("runId");
        return e.Name switch
        {
            "chat" => ApplyChat(payload, runId),
            "agent" when payload.Str("stream") == "tool" => ApplyTool(payload.Prop("data"), runId),
            "agent" when payload.Str("stream") == "lifecycle" && payload.Prop("data").Str("phase") == "start" => MarkStarted(runId),
            _ => false,
        };
    }

    private bool MarkStarted(string? runId)
    {
        ActiveRunId = runId;
        return true;
    }

    private bool ApplyChat(JsonElement payload, string? runId)
    {
        var state = payload.Str("state");
        var streaming = StreamingRow(runId);
        switch (state)
        {
            case "delta":
                ActiveRunId = runId;
                streaming ??= NewAssistant(runId);
                if (payload.Str("deltaText") is { } delta && payload.Bool("replace") is false)
                {
                    streaming.Text += delta;
                }
                else if (payload.Prop("message") is { } message)
                {
                    streaming.Text = TextOf(message);
                }

                return true;
            case "final":
                var finalText = payload.Prop("message") is { } m ? TextOf(m) : null;
                if (streaming is not null)
                {
                    streaming.Streaming = false;
                    streaming.Text = finalText ?? streaming.Text;
                }
                else if (finalText is { Length: > 0 })
                {
                    NewAssistant(runId).Streaming = false;
                    _items[^1].Text = finalText;
                }

                ActiveRunId = null;
                return true;
            case "aborted":
                if (streaming is not null)
                {
                    streaming.Streaming = false;
                }

                AddNotice("Stopped — the partial reply above was kept.");
                ActiveRunId = null;
                return true;
            case "error":
                if (streaming is not null)
                {
                    streaming.Streaming = false;
                }

                AddNotice(payload.Str("errorMessage") ?? "the run failed", error: true);
                ActiveRunId = null;
                return true;
            default:
                return false;
        }
    }

    private bool ApplyTool(JsonElement? data, string? runId)
    {
        var callId = data.Str("toolCallId");
        var existing = _items.LastOrDefault(i => i.Role == ChatRole.Tool && i.ToolCallId == callId && callId is not null);
        switch (data.Str("phase"))
        {
            case "start":
                // Text streamed before the call belongs above it; the reply after it starts a new row.
                if (StreamingRow(runId) is { } before)
                {
                    before.Streaming = false;
                }

                _items.Add(new ChatItem(ChatRole.Tool)
                {
                    RunId = runId,
                    ToolCallId = callId,
                    ToolName = data.Str("name") ?? "tool",
                    ToolArgs = data.Prop("args") is { } args ? args.Pretty() : null,
                    Streaming = true,
                });
                return true;
            case "result" or "end":
                var result = data.Prop("result") is { } r ? (r.ValueKind == JsonValueKind.String ? r.GetString() : r.Pretty()) : "";
                if (existing is null)
                {
                    existing = new ChatItem(ChatRole.Tool) { RunId = runId, ToolCallId = callId, ToolName = data.Str("name") ?? "tool" };
                    _items.Add(existing);
                }

                existing.ToolResult = result;
                existing.IsError = data?.Bool("isError") ?? false;
                existing.Streaming = false;
                return true;
            default:
                return false;
        }
    }

    private ChatItem? StreamingRow(string? runId) =>
        _items.LastOrDefault(i => i.Role == ChatRole.Assistant && i.Streaming && (runId is null || i.RunId == runId));

    private ChatItem NewAssistant(string? runId)
    {
        var item = new ChatItem(ChatRole.Assistant) { RunId = runId, Streaming = true, Timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() };
        _items.Add(item);
        return item;
    }

    /// <summary>Session keys may arrive normalised (<c>agent:main:main</c>) while the page holds an alias (<c>main</c>).</summary>
    private bool SameSession(string? key) =>
        key is not null && (string.Equals(key, SessionKey, StringComparison.OrdinalIgnoreCase)
            || key.EndsWith(":" + SessionKey, StringComparison.OrdinalIgnoreCase)
            || SessionKey.EndsWith(":" + key, StringComparison.OrdinalIgnoreCase));

    /// <summary>Text of a message whose <c>content</c> is a string or an array of <c>{type:"text", text}</c> parts.</summary>
    public static string TextOf(JsonElement message)
    {
        var content = message.Prop("content");
        if (content is { ValueKind: JsonValueKind.String } s)
        {
            return s.GetString() ?? "";
        }

        var text = new StringBuilder();
        foreach (var part in content is { ValueKind: JsonValueKind.Array } parts ? parts.EnumerateArray() : Enumerable.Empty<JsonElement>())
        {
            if (part.Str("type") is "text" or null && part.Str("text") is { } piece)
            {
                text.Append(piece);
            }
        }

        return text.Length > 0 ? text.ToString() : message.Str("text") ?? "";
    }
}
