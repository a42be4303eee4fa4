using System.Text.Json;

namespace OpenClaw.Gateway.Tools;

internal static class ToolSchema
{
    /// <summary>Parses a JSON schema literal once; the element outlives the document it came from.</summary>
    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static JsonElement ToElement<T>(T value) => JsonSerializer.SerializeToElement(value, JsonOptions);

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
