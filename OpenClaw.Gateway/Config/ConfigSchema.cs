using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenClaw.Gateway.Config;

/// <summary>
/// JSON Schema (draft-07) of openclaw.json generated from the typed options, for <c>config.schema</c> and editors.
/// Typed sections are closed (<c>additionalProperties: false</c>), raw sections accept anything.
/// </summary>
public static class ConfigSchema
{
    private static readonly Lazy<JsonObject> Cached = new(() => Build(typeof(OpenClawConfig), null, 0));

    public static JsonObject Generate()
    {
        var schema = (JsonObject)Cached.Value.DeepClone();
        schema["$schema"] = "http://json-schema.org/draft-07/schema#";
        schema["title"] = "OpenClaw configuration (openclaw.json)";
        return schema;
    }

    private static JsonObject Build(Type type, PropertyInfo? property, int depth)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(JsonElement) || depth > 12)
        {
            return [];
        }

        if (underlying == typeof(string))
        {
            var schema = new JsonObject { ["type"] = property?.GetCustomAttribute<NumbersAsStringsAttribute>() is null ? "string" : new JsonArray("string", "number") };
            if (property?.GetCustomAttribute<ConfigValuesAttribute>() is { } values)
            {
                schema["enum"] = new JsonArray([.. values.Values.Select(v => (JsonNode)v)]);
            }

            return schema;
        }

        if (underlying == typeof(bool))
        {
            return new JsonObject { ["type"] = "boolean" };
        }

        if (underlying == typeof(int) || underlying == typeof(long))
        {
            return new JsonObject { ["type"] = "integer" };
        }

        if (underlying == typeof(double))
        {
            return new JsonObject { ["type"] = "number" };
        }

        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(List<>))
        {
            var items = underlying.GetGenericArguments()[0] == typeof(string) && property?.GetCustomAttribute<NumbersAsStringsAttribute>() is not null
                ? new JsonObject { ["type"] = new JsonArray("string", "number") }
                : Build(underlying.GetGenericArguments()[0], null, depth + 1);
            return new JsonObject { ["type"] = "array", ["items"] = items };
        }

        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = Build(underlying.GetGenericArguments()[1], null, depth + 1) };
        }

        var properties = new JsonObject();
        foreach (var (name, prop) in ConfigValidator.PropertiesOf(underlying))
        {
            if (underlying.GetCustomAttribute<StringShorthandAttribute>() is not null && name == "value")
            {
                continue;
            }

            properties[name] = Build(prop.PropertyType, prop, depth + 1);
        }

        var objectSchema = new JsonObject { ["type"] = "object", ["properties"] = properties, ["additionalProperties"] = false };
        return underlying.GetCustomAttribute<StringShorthandAttribute>() is null
            ? objectSchema
            : new JsonObject { ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "string" }, objectSchema) };
    }
}
