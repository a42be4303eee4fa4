using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenClaw.Cli.Config;

/// <summary>One problem in <c>openclaw.json</c>: the key path, what is wrong and how to fix it.</summary>
internal sealed record ConfigIssue(string Path, string Message, string Fix)
{
    public override string ToString() => $"{(Path.Length == 0 ? "(root)" : Path)}: {Message} ({Fix})";
}

/// <summary>
/// Checks a config against the gateway's JSON Schema (<c>config.schema.json</c>, a copy of what the gateway's
/// <c>config.schema</c> method returns; a test keeps the two equal) plus the value rules the schema cannot say.
/// </summary>
internal static class ConfigValidation
{
    private static readonly Lazy<JsonObject> Schema = new(() =>
    {
        using var stream = typeof(ConfigValidation).Assembly.GetManifestResourceStream("OpenClaw.Cli.config.schema.json")!;
        return (JsonObject)JsonNode.Parse(stream)!;
    });

    public static IReadOnlyList<ConfigIssue> Validate(JsonNode? root)
    {
        var issues = new List<ConfigIssue>();
        Check(root, Schema.Value, "", issues);
        if (root?["gateway"]?["port"] is JsonValue port && port.TryGetValue<long>(out var p) && p is < 1 or > 65535)
        {
            issues.Add(new("gateway.port", $"{p} is not a TCP port", "use a port between 1 and 65535, default 18789"));
        }

        if (root?["agents"]?["defaults"]?["model"] is { } model
            && (model is JsonValue ? model : model["primary"]) is JsonValue primary && primary.TryGetValue<string>(out var reference)
            && !reference.Contains('/', StringComparison.Ordinal))
        {
            issues.Add(new("agents.defaults.model.primary", $"'{reference}' is not a provider/model reference", "write it as provider/model, e.g. anthropic/claude-sonnet-4-5"));
        }

        return issues;
    }

    private static void Check(JsonNode? node, JsonObject schema, string path, List<ConfigIssue> issues)
    {
        if (schema["anyOf"] is JsonArray anyOf)
        {
            var options = anyOf.OfType<JsonObject>().ToList();
            if (!options.Any(o => Matches(node, o)))
            {
                var best = options.FirstOrDefault(o => TypeMatches(node, o["type"])) ?? options[0];
                Check(node, best, path, issues);
            }

            return;
        }

        if (schema["type"] is { } type && !TypeMatches(node, type))
        {
            issues.Add(new(path, $"expected {Describe(type)}, got {Kind(node)}", $"set {Name(path)} to {Describe(type)}"));
            return;
        }

        if (schema["enum"] is JsonArray values && node is JsonValue v && !values.Any(e => JsonNode.DeepEquals(e, v)))
        {
            issues.Add(new(path, $"invalid value {v.ToJsonString()}", $"use one of {string.Join(", ", values.Select(e => e?.ToJsonString()))}"));
        }

        switch (node)
        {
            case JsonObject obj:
                var properties = schema["properties"] as JsonObject;
                foreach (var (key, value) in obj)
                {
                    var childPath = path.Length == 0 ? key : $"{path}.{key}";
                    if (properties?[key] is JsonObject childSchema)
                    {
                        Check(value, childSchema, childPath, issues);
                    }
                    else if (schema["additionalProperties"] is JsonObject extra)
                    {
                        Check(value, extra, childPath, issues);
                    }
                    else if (schema["additionalProperties"] is JsonValue closed && closed.GetValueKind() == JsonValueKind.False)
                    {
                        var near = properties?.Select(p => p.Key).OrderBy(k => Distance(k, key)).FirstOrDefault();
                        issues.Add(new(childPath, "unknown key", near is not null && Distance(near, key) <= 3 ? $"did you mean {near}?" : $"remove it (allowed here: {string.Join(", ", properties?.Select(p => p.Key) ?? [])})"));
                    }
                }

                break;
            case JsonArray array when schema["items"] is JsonObject items:
                for (var i = 0; i < array.Count; i++)
                {
                    Check(array[i], items, $"{path}[{i}]", issues);
                }

                break;
        }
    }

    private static bool Matches(JsonNode? node, JsonObject schema)
    {
        var issues = new List<ConfigIssue>();
        Check(node, schema, "", issues);
        return issues.Count == 0;
    }

    private static bool TypeMatches(JsonNode? node, JsonNode? type) => type switch
    {
        JsonArray types => types.Any(t => TypeMatches(node, t)),
        JsonValue t => t.GetValue<string>() switch
        {
            "object" => node is JsonObject,
            "array" => node is JsonArray,
            "string" => node is JsonValue s && s.GetValueKind() == JsonValueKind.String,
            "boolean" => node is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
            "integer" => node is JsonValue i && i.GetValueKind() == JsonValueKind.Number && i.TryGetValue<long>(out _),
            "number" => node is JsonValue n && n.GetValueKind() == JsonValueKind.Number,
            "null" => node is null,
            _ => true,
        },
        _ => true,
    };

    private static string Kind(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "an array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => $"the string {v.ToJsonString()}",
            JsonValueKind.Number => $"the number {v.ToJsonString()}",
            _ => v.ToJsonString(),
        },
        _ => node.ToJsonString(),
    };

    private static string Describe(JsonNode type) => type is JsonArray many
        ? string.Join(" or ", many.Select(t => Describe(t!)))
        : type.GetValue<string>() switch { "object" => "an object", "array" => "an array", "integer" => "an integer", var t => "a " + t };

    private static string Name(string path) => path.Length == 0 ? "the file" : path;

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1));
            }
        }

        return d[a.Length, b.Length];
    }
}
