using System.Text.Json.Serialization;

namespace OpenClaw.Contracts;

/// <summary>
/// The versioned wrapper of every message OpenClaw.NET services exchange over Redis.
/// <c>traceparent</c> carries the W3C trace context so one chat message is one trace across processes.
/// </summary>
/// <typeparam name="TPayload">One of the payload records of this library.</typeparam>
public sealed record Envelope<TPayload>
{
    public const int CurrentVersion = 1;

    [JsonPropertyName("v")]
    public int Version { get; init; } = CurrentVersion;

    public required string Id { get; init; }

    public required string Type { get; init; }

    public string? Traceparent { get; init; }

    public string? Tracestate { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public required TPayload Payload { get; init; }
}
