using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenClaw.Contracts.Protocol;

/// <summary>The three WebSocket frame kinds of the gateway protocol, told apart by <c>type</c>.</summary>
public static class FrameTypes
{
    public const string Request = "req";
    public const string Response = "res";
    public const string Event = "event";
}

/// <summary><c>{type:"req", id, method, params?, traceparent?}</c> — a client call.</summary>
public sealed record RequestFrame
{
    [JsonPropertyOrder(-10)]
    public string Type { get; init; } = FrameTypes.Request;

    public required string Id { get; init; }

    public required string Method { get; init; }

    public JsonElement? Params { get; init; }

    /// <summary>v4: optional W3C trace context (at most 128 characters).</summary>
    public string? Traceparent { get; init; }
}

/// <summary><c>{type:"res", id, ok, payload?|error?}</c> — the answer to one request.</summary>
public sealed record ResponseFrame
{
    [JsonPropertyOrder(-10)]
    public string Type { get; init; } = FrameTypes.Response;

    public required string Id { get; init; }

    public required bool Ok { get; init; }

    public object? Payload { get; init; }

    public ErrorShape? Error { get; init; }
}

/// <summary><c>{type:"event", event, payload?, seq?, stateVersion?}</c> — a pushed notification.</summary>
public sealed record EventFrame
{
    [JsonPropertyOrder(-10)]
    public string Type { get; init; } = FrameTypes.Event;

    public required string Event { get; init; }

    public object? Payload { get; init; }

    /// <summary>Per-connection, strictly increasing; absent on <c>connect.challenge</c>.</summary>
    public long? Seq { get; init; }

    public StateVersion? StateVersion { get; init; }
}

/// <summary>Versions of the presence and health snapshots, so clients can tell when to refetch.</summary>
public sealed record StateVersion(long Presence, long Health);

/// <summary>The error of a failed response: <c>{code, message, details?, retryable?, retryAfterMs?}</c>.</summary>
public sealed record ErrorShape
{
    public required string Code { get; init; }

    public required string Message { get; init; }

    public object? Details { get; init; }

    public bool? Retryable { get; init; }

    public long? RetryAfterMs { get; init; }
}

/// <summary>A received frame before it is known to be a request, response or event.</summary>
public sealed record IncomingFrame
{
    public string? Type { get; init; }

    public string? Id { get; init; }

    public string? Method { get; init; }

    public JsonElement? Params { get; init; }

    public bool? Ok { get; init; }

    public JsonElement? Payload { get; init; }

    public ErrorShape? Error { get; init; }

    public string? Event { get; init; }

    public long? Seq { get; init; }

    public string? Traceparent { get; init; }
}
