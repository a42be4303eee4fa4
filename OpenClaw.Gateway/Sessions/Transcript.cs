using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenClaw.Gateway.Sessions;

/// <summary>
/// One line of a <c>&lt;sessionId&gt;.jsonl</c> transcript (pi-agent tree format, spec §4.5): the first line is
/// <c>{"type":"session","version":3,...}</c>, then <c>{"type":"message","id","parentId","timestamp","message"}</c>.
/// Other entry types (compaction, custom, model_change, ...) are kept as raw JSON in <see cref="Extra"/>.
/// </summary>
public sealed record TranscriptEntry
{
    public string Type { get; init; } = "message";

    public string? Id { get; init; }

    public string? ParentId { get; init; }

    /// <summary>ISO-8601 UTC time the entry was written.</summary>
    public string? Timestamp { get; init; }

    public TranscriptMessage? Message { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>The transcript header line.</summary>
public sealed record TranscriptHeader
{
    public string Type { get; init; } = "session";

    public int Version { get; init; } = 3;

    public string Id { get; init; } = "";

    public string Timestamp { get; init; } = "";

    public string Cwd { get; init; } = "";

    public string? ParentSession { get; init; }
}

/// <summary>A message in the transcript: <c>role</c> is <c>user</c>, <c>assistant</c> or <c>toolResult</c>.</summary>
public sealed record TranscriptMessage
{
    public string Role { get; init; } = "user";

    public List<ContentBlock> Content { get; init; } = [];

    /// <summary>Unix epoch milliseconds.</summary>
    public long Timestamp { get; init; }

    public string? Api { get; init; }

    public string? Provider { get; init; }

    public string? Model { get; init; }

    public TranscriptUsage? Usage { get; init; }

    /// <summary><c>stop</c>, <c>length</c>, <c>toolUse</c>, <c>error</c> or <c>aborted</c>.</summary>
    public string? StopReason { get; init; }

    public string? ErrorMessage { get; init; }

    public string? ToolCallId { get; init; }

    public string? ToolName { get; init; }

    public bool? IsError { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }

    public static TranscriptMessage UserText(string text, long timestamp) => new() { Role = "user", Content = [ContentBlock.FromText(text)], Timestamp = timestamp };

    /// <summary>All text blocks joined.</summary>
    [JsonIgnore]
    public string Text => string.Concat(Content.Where(c => c.Type == "text").Select(c => c.Text));
}

/// <summary>A content block: <c>text</c>, <c>thinking</c>, <c>toolCall</c> (id, name, arguments) or <c>image</c>.</summary>
public sealed record ContentBlock
{
    public string Type { get; init; } = "text";

    public string? Text { get; init; }

    public string? Thinking { get; init; }

    public string? Id { get; init; }

    public string? Name { get; init; }

    public JsonElement? Arguments { get; init; }

    public string? Data { get; init; }

    public string? MimeType { get; init; }

    public static ContentBlock FromText(string text) => new() { Type = "text", Text = text };
}

/// <summary>Token usage of one assistant message.</summary>
public sealed record TranscriptUsage
{
    public long Input { get; init; }

    public long Output { get; init; }

    public long CacheRead { get; init; }

    public long CacheWrite { get; init; }

    public long TotalTokens { get; init; }
}
