using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OpenClaw.Gateway.Config;

/// <summary>
/// Strict schema validation driven by the typed options classes themselves: an unknown key, a wrong type or a
/// value outside <see cref="ConfigValuesAttribute"/> is an error naming the key path, its line and a hint.
/// </summary>
public static class ConfigValidator
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, PropertyInfo>> PropertyCache = new();

    public static IReadOnlyList<ConfigError> Validate(JsonNode? root, Json5Document? lines = null)
    {
        var errors = new List<ConfigError>();
        if (root is not JsonObject)
        {
            errors.Add(new(ConfigErrorKind.WrongType, "", 1, "the config must be a JSON5 object", "wrap the settings in { ... }"));
            return errors;
        }

        new Walker(errors, lines).Check(root, typeof(OpenClawConfig), "", null);
        AddSemanticErrors(root, errors, lines);
        return errors;
    }

    /// <summary>The JSON (camelCase) property names of a config class, for hints and schema output.</summary>
    public static IReadOnlyDictionary<string, PropertyInfo> PropertiesOf(Type type) => PropertyCache.GetOrAdd(type, static t =>
        t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0)
            .ToDictionary(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name), StringComparer.Ordinal));

    private static void AddSemanticErrors(JsonNode root, List<ConfigError> errors, Json5Document? lines)
    {
        if (root["agents"]?["list"] is JsonArray list)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < list.Count; i++)
            {
                var path = $"agents.list[{i}].id";
                if (list[i]?["id"] is not JsonValue v || !v.TryGetValue<string>(out var id) || string.IsNullOrWhiteSpace(id))
                {
                    if (list[i] is JsonObject)
                    {
                        errors.Add(new(ConfigErrorKind.InvalidValue, path, lines?.LineOf($"agents.list[{i}]"), "every agent needs an id", "add id: \"main\" (lower-case letters, digits, '-' and '_')"));
                    }

                    continue;
                }

                if (!Sessions.SessionKeys.IsValidAgentId(id))
                {
                    errors.Add(new(ConfigErrorKind.InvalidValue, path, lines?.LineOf(path), $"invalid agent id '{id}'", "use [a-z0-9][a-z0-9_-]{0,63}"));
                }
                else if (!seen.Add(id))
                {
                    errors.Add(new(ConfigErrorKind.InvalidValue, path, lines?.LineOf(path), $"duplicate agent id '{id}'", "agent ids must be unique"));
                }
            }
        }

        CheckModelRef(root["agents"]?["defaults"]?["model"], "agents.defaults.model", errors, lines);
        if (root["agents"]?["list"] is JsonArray agents)
        {
            for (var i = 0; i < agents.Count; i++)
            {
                CheckModelRef(agents[i]?["model"], $"agents.list[{i}].model", errors, lines);
            }
        }

        var port = root["gateway"]?["port"];
        if (port is JsonValue pv && pv.TryGetValue<long>(out var p) && (p is < 1 or > 65535))
        {
            errors.Add(new(ConfigErrorKind.InvalidValue, "gateway.port", lines?.LineOf("gateway.port"), $"port {p} is out of range", "use a TCP port between 1 and 65535"));
        }
    }

    private static void CheckModelRef(JsonNode? node, string path, List<ConfigError> errors, Json5Document? lines)
    {
        IEnumerable<(string Path, JsonNode? Node)> refs = node switch
        {
            JsonValue => [(path, node)],
            JsonObject o => new[] { ($"{path}.primary", o["primary"]) }.Concat(
                (o["fallbacks"] as JsonArray)?.Select((n, i) => ($"{path}.fallbacks[{i}]", n)) ?? []),
            _ => [],
        };
        foreach (var (refPath, refNode) in refs)
        {
            if (refNode is JsonValue value && value.TryGetValue<string>(out var text) && !text.Contains('/', StringComparison.Ordinal))
            {
                errors.Add(new(ConfigErrorKind.InvalidValue, refPath, lines?.LineOf(refPath), $"model '{text}' is not a provider/model reference", "write it as \"provider/model\", e.g. \"openai/gpt-5.4\""));
            }
        }
    }

    private sealed class Walker(List<ConfigError> errors, Json5Document? lines)
    {
        public void Check(JsonNode? node, Type type, string path, PropertyInfo? property)
        {
            if (node is null)
            {
                return; // null = unset, as upstream treats it.
            }

            var underlying = Nullable.GetUnderlyingType(type) ?? type;
            if (underlying == typeof(JsonElement) || underlying == typeof(JsonNode) || underlying == typeof(object))
            {
                return;
            }

            if (underlying == typeof(string))
            {
                CheckString(node, path, property);
                return;
            }

            if (underlying == typeof(bool))
            {
                Expect(node, path, JsonValueKind.True, "a boolean (true or false)", JsonValueKind.False);
                return;
            }

            if (underlying == typeof(int) || underlying == typeof(long))
            {
                if (Expect(node, path, JsonValueKind.Number, "a whole number") && !node.AsValue().TryGetValue<long>(out _))
                {
                    Add(ConfigErrorKind.WrongType, path, $"expected a whole number, got {node.ToJsonString()}", "remove the fraction");
                }

                return;
            }

            if (underlying == typeof(double))
            {
                Expect(node, path, JsonValueKind.Number, "a number");
                return;
            }

            if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(List<>))
            {
                if (node is not JsonArray array)
                {
                    Add(ConfigErrorKind.WrongType, path, $"expected a list, got {Describe(node)}", "use [ ... ]");
                    return;
                }

                var element = underlying.GetGenericArguments()[0];
                for (var i = 0; i < array.Count; i++)
                {
                    if (element == typeof(string) && property?.GetCustomAttribute<NumbersAsStringsAttribute>() is not null && array[i] is JsonValue n && n.GetValueKind() == JsonValueKind.Number)
                    {
                        array[i] = JsonValue.Create(n.ToJsonString());
                    }

                    Check(array[i], element, $"{path}[{i}]", null);
                }

                return;
            }

            if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(Dictionary<,>))
            {
                if (node is not JsonObject map)
                {
                    Add(ConfigErrorKind.WrongType, path, $"expected an object, got {Describe(node)}", "use { key: value, ... }");
                    return;
                }

                var valueType = underlying.GetGenericArguments()[1];
                foreach (var (key, child) in map.ToList())
                {
                    Check(child, valueType, Join(path, key), null);
                }

                return;
            }

            CheckObject(node, underlying, path);
        }

        private void CheckObject(JsonNode node, Type type, string path)
        {
            if (node is JsonValue && type.GetCustomAttribute<StringShorthandAttribute>() is not null)
            {
                Expect(node, path, JsonValueKind.String, "a string or an object");
                return;
            }

            if (node is not JsonObject obj)
            {
                Add(ConfigErrorKind.WrongType, path, $"expected an object, got {Describe(node)}", "use { key: value, ... }");
                return;
            }

            var properties = PropertiesOf(type);
            foreach (var (key, child) in obj.ToList())
            {
                if (!properties.TryGetValue(key, out var prop))
                {
                    var suggestion = Suggest(key, properties.Keys);
                    var hint = suggestion is not null
                        ? $"did you mean '{suggestion}'?"
                        : $"remove it; known keys here: {string.Join(", ", properties.Keys.Where(k => k != "value").Take(12))}";
                    Add(ConfigErrorKind.UnknownKey, Join(path, key), $"unknown key '{key}'", hint);
                    continue;
                }

                if (prop.PropertyType == typeof(string) && prop.GetCustomAttribute<NumbersAsStringsAttribute>() is not null && child is JsonValue n && n.GetValueKind() == JsonValueKind.Number)
                {
                    obj[key] = JsonValue.Create(n.ToJsonString());
                    continue;
                }

                Check(child, prop.PropertyType, Join(path, key), prop);
            }
        }

        private void CheckString(JsonNode node, string path, PropertyInfo? property)
        {
            if (!Expect(node, path, JsonValueKind.String, "a string"))
            {
                return;
            }

            var allowed = property?.GetCustomAttribute<ConfigValuesAttribute>()?.Values;
            var text = node.GetValue<string>();
            if (allowed is not null && !allowed.Contains(text, StringComparer.Ordinal))
            {
                var suggestion = Suggest(text, allowed);
                Add(ConfigErrorKind.InvalidValue, path, $"invalid value '{text}'", $"expected one of: {string.Join(", ", allowed)}" + (suggestion is null ? "" : $" (did you mean '{suggestion}'?)"));
            }
        }

        private bool Expect(JsonNode node, string path, JsonValueKind kind, string what, JsonValueKind? alternative = null)
        {
            var actual = node.GetValueKind();
            if (actual == kind || actual == alternative)
            {
                return true;
            }

            Add(ConfigErrorKind.WrongType, path, $"expected {what}, got {Describe(node)}", actual == JsonValueKind.String && kind != JsonValueKind.String ? "remove the quotes" : null);
            return false;
        }

        private void Add(ConfigErrorKind kind, string path, string message, string? hint) =>
            errors.Add(new(kind, path, lines?.LineOf(path), message, hint));
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static string Describe(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => $"the string {node.ToJsonString()}",
        JsonValueKind.Number => $"the number {node.ToJsonString()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {node.ToJsonString()}",
        _ => node.ToJsonString(),
    };

    internal static string? Suggest(string key, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var d = Levenshtein(key.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (d < bestDistance)
            {
                (best, bestDistance) = (candidate, d);
            }
        }

        return bestDistance <= Math.Max(2, key.Length / 4) ? best : null;
    }

    private static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
