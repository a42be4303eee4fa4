using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenClaw.Gateway.Config;

/// <summary>Serializer settings for the config tree: camelCase keys, nulls omitted.</summary>
public static class ConfigJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = true,
    };
}

internal sealed class SecretInputConverter : JsonConverter<SecretInput>
{
    public override SecretInput? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return new SecretInput { Value = reader.GetString() };
        }

        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        return new SecretInput
        {
            Source = root.TryGetProperty("source", out var s) ? s.GetString() : null,
            Provider = root.TryGetProperty("provider", out var p) ? p.GetString() : null,
            Id = root.TryGetProperty("id", out var i) ? i.GetString() : null,
        };
    }

    public override void Write(Utf8JsonWriter writer, SecretInput value, JsonSerializerOptions options)
    {
        if (value.Value is not null)
        {
            writer.WriteStringValue(value.Value);
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("source", value.Source);
        writer.WriteString("provider", value.Provider);
        writer.WriteString("id", value.Id);
        writer.WriteEndObject();
    }
}

internal sealed class ModelSelectionConverter : JsonConverter<ModelSelection>
{
    public override ModelSelection? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return new ModelSelection { Primary = reader.GetString() };
        }

        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        return new ModelSelection
        {
            Primary = root.TryGetProperty("primary", out var p) ? p.GetString() : null,
            Fallbacks = root.TryGetProperty("fallbacks", out var f) && f.ValueKind == JsonValueKind.Array
                ? [.. f.EnumerateArray().Select(e => e.GetString() ?? "")]
                : null,
        };
    }

    public override void Write(Utf8JsonWriter writer, ModelSelection value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        if (value.Primary is not null)
        {
            writer.WriteString("primary", value.Primary);
        }

        if (value.Fallbacks is not null)
        {
            writer.WritePropertyName("fallbacks");
            JsonSerializer.Serialize(writer, value.Fallbacks, options);
        }

        writer.WriteEndObject();
    }
}
