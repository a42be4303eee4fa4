using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenClaw.Contracts;

/// <summary>JSON (camelCase) serialization of <see cref="Envelope{TPayload}"/> and the ids it uses.</summary>
public static class EnvelopeSerializer
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Wraps a payload, stamping it with a new id, the time and the current trace context.</summary>
    public static Envelope<T> Wrap<T>(string type, T payload, TimeProvider? clock = null)
    {
        var activity = Activity.Current;
        return new Envelope<T>
        {
            Id = Ulid.NewId(clock),
            Type = type,
            Traceparent = activity?.Id is { } id && activity.IdFormat == ActivityIdFormat.W3C ? id : null,
            Tracestate = activity?.TraceStateString,
            CreatedAt = (clock ?? TimeProvider.System).GetUtcNow(),
            Payload = payload,
        };
    }

    public static string Serialize<T>(Envelope<T> envelope) => JsonSerializer.Serialize(envelope, Options);

    public static byte[] SerializeToUtf8Bytes<T>(Envelope<T> envelope) => JsonSerializer.SerializeToUtf8Bytes(envelope, Options);

    /// <summary>Reads an envelope; throws <see cref="EnvelopeFormatException"/> with the reason when it is not one.</summary>
    public static Envelope<T> Deserialize<T>(ReadOnlySpan<byte> utf8Json)
    {
        Envelope<T>? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<Envelope<T>>(utf8Json, Options);
        }
        catch (JsonException ex)
        {
            throw new EnvelopeFormatException($"not a valid envelope: {ex.Message}", ex);
        }

        if (envelope is null)
        {
            throw new EnvelopeFormatException("not a valid envelope: null");
        }

        if (envelope.Version > Envelope<T>.CurrentVersion)
        {
            throw new EnvelopeFormatException(
                $"envelope version {envelope.Version} is newer than this service understands ({Envelope<T>.CurrentVersion}); upgrade it");
        }

        return envelope;
    }

    public static Envelope<T> Deserialize<T>(string json) => Deserialize<T>(System.Text.Encoding.UTF8.GetBytes(json));
}

public sealed class EnvelopeFormatException : Exception
{
    public EnvelopeFormatException(string message) : base(message) { }
    public EnvelopeFormatException(string message, Exception inner) : base(message, inner) { }
}
