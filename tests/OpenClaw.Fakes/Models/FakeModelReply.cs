using System.Text.Json;

namespace OpenClaw.Fakes.Models;

/// <summary>One scripted answer of a fake model server.</summary>
public abstract record FakeModelReply
{
    /// <summary>Streams <paramref name="text"/> in <paramref name="chunks"/> deltas (or returns it whole when not streaming).</summary>
    public static FakeModelReply Text(string text, int chunks = 3, int inputTokens = 11, int outputTokens = 7) => new TextReply(text, chunks, inputTokens, outputTokens);

    /// <summary>Asks the client to call one or more tools (arguments streamed in pieces).</summary>
    public static FakeModelReply ToolCalls(params FakeToolCall[] calls) => new ToolCallReply(calls, "", 13, 9);

    public static FakeModelReply ToolCall(string name, object arguments, string? id = null) =>
        ToolCalls(new FakeToolCall(id ?? $"call_{Guid.NewGuid():N}"[..24], name, JsonSerializer.Serialize(arguments)));

    /// <summary>An HTTP error with the provider's error body; <paramref name="retryAfterSeconds"/> sets Retry-After.</summary>
    public static FakeModelReply Error(int status, string type, string message, int? retryAfterSeconds = null) => new ErrorReply(status, type, message, retryAfterSeconds);

    /// <summary>429 rate limit with Retry-After.</summary>
    public static FakeModelReply RateLimited(int retryAfterSeconds = 20) => new ErrorReply(429, "rate_limit", "Rate limit reached for requests", retryAfterSeconds);

    /// <summary>Anthropic 529 overloaded_error / OpenAI 503.</summary>
    public static FakeModelReply Overloaded() => new ErrorReply(529, "overloaded", "Overloaded", null);

    /// <summary>500 internal server error.</summary>
    public static FakeModelReply ServerError() => new ErrorReply(500, "server_error", "The server had an error while processing your request.", null);

    /// <summary>Streams <paramref name="prefix"/> then keeps the stream open until the client goes away.</summary>
    public static FakeModelReply Hang(string prefix = "") => new HangReply(prefix);
}

public sealed record FakeToolCall(string Id, string Name, string ArgumentsJson);

public sealed record TextReply(string Content, int Chunks, int InputTokens, int OutputTokens) : FakeModelReply;

public sealed record ToolCallReply(IReadOnlyList<FakeToolCall> Calls, string Content, int InputTokens, int OutputTokens) : FakeModelReply;

public sealed record ErrorReply(int Status, string Type, string Message, int? RetryAfterSeconds) : FakeModelReply;

public sealed record HangReply(string Prefix) : FakeModelReply;
