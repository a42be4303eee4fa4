using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenClaw.Gateway.Config;

namespace OpenClaw.Gateway.Protocol.Methods;

/// <summary>A JSON Schema (draft-07) of <see cref="OpenClawConfig"/>, generated from the classes the validator uses.</summary>
internal static class ConfigSchema
{
    private static readonly Lazy<JsonObject> Cached = new(() =>
    {
        var schema = Describe(typeof(OpenClawConfig), 0);
        schema["$schema"] = "http://json-schema.org/draft-07/schema#";
        return schema;
    });

    public static JsonNode Build() => Cached.Value.DeepClone();

    private static JsonObject Describe(Type type, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return new JsonObject { ["type"] = "string" };
        }

        if (type == typeof(bool))
        {
            return new JsonObject { ["type"] = "boolean" };
        }

        if (type == typeof(int) || type == typeof(long))
        {
            return new JsonObject { ["type"] = "integer" };
        }

        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            return new JsonObject { ["type"] = "number" };
        }

        if (type == typeof(JsonElement) || depth > 8)
        {
            return new JsonObject();
        }

        if (type == typeof(SecretInput))
        {
            return new JsonObject { ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "string" }, new JsonObject { ["type"] = "object" }) };
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = Describe(type.GetGenericArguments()[1], depth + 1) };
        }

        if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && type.IsGenericType)
        {
            return new JsonObject { ["type"] = "array", ["items"] = Describe(type.GetGenericArguments()[0], depth + 1) };
        }

        var properties = new JsonObject();
        foreach (var (name, property) in ConfigValidator.PropertiesOf(type))
        {
            var described = Describe(property.PropertyType, depth + 1);
            if (property.GetCustomAttribute<ConfigValuesAttribute>() is { } values)
            {
                described["enum"] = new JsonArray([.. values.Values.Select(v => (JsonNode)JsonValue.Create(v))]);
            }

            properties[name] = described;
        }

        return new JsonObject { ["type"] = "object", ["properties"] = properties, ["additionalProperties"] = false };
    }
}
