using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OpenClaw.Gateway.Config;

/// <summary>The outcome of reading the config file: the typed config (defaults when invalid) plus every error.</summary>
public sealed record ConfigLoadResult(OpenClawConfig Config, IReadOnlyList<ConfigError> Errors, string? RawText, string Hash, bool Exists)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Reads openclaw.json: JSON5 parse → <c>$include</c> → <c>${VAR}</c> substitution → strict validation → typed tree.
/// </summary>
public static partial class ConfigLoader
{
    private const int MaxIncludeDepth = 10;

    public static ConfigLoadResult LoadFile(string path, Func<string, string?> getEnv)
    {
        if (!File.Exists(path))
        {
            return new ConfigLoadResult(new OpenClawConfig(), [], null, HashOf(""), Exists: false);
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            return new ConfigLoadResult(new OpenClawConfig(), [new(ConfigErrorKind.Io, "", null, $"cannot read {path}: {ex.Message}")], null, HashOf(""), true);
        }

        return LoadText(text, Path.GetDirectoryName(Path.GetFullPath(path))!, getEnv) with { Exists = true };
    }

    /// <summary>Validates and materializes config text; <paramref name="baseDir"/> anchors <c>$include</c> paths.</summary>
    public static ConfigLoadResult LoadText(string text, string baseDir, Func<string, string?> getEnv)
    {
        var hash = HashOf(text);
        Json5Document doc;
        try
        {
            doc = Json5Reader.Parse(text);
        }
        catch (Json5Exception ex)
        {
            return Invalid([new(ConfigErrorKind.Syntax, "", ex.Line, $"JSON5 syntax error: {ex.Reason} (column {ex.Column})", "check for a missing comma, brace or quote near this line")]);
        }

        var errors = new List<ConfigError>();
        var root = ResolveIncludes(doc.Root, baseDir, baseDir, "", 0, errors, doc);
        SubstituteEnv(root, "", getEnv, errors, doc);
        if (errors.Count > 0)
        {
            return Invalid(errors);
        }

        errors.AddRange(ConfigValidator.Validate(root, doc));
        if (errors.Count > 0)
        {
            return Invalid(errors);
        }

        try
        {
            var config = root.Deserialize<OpenClawConfig>(ConfigJson.Options) ?? new OpenClawConfig();
            return new ConfigLoadResult(config, [], text, hash, true);
        }
        catch (JsonException ex)
        {
            return Invalid([new(ConfigErrorKind.WrongType, ex.Path?.TrimStart('$', '.') ?? "", null, ex.Message)]);
        }

        ConfigLoadResult Invalid(IReadOnlyList<ConfigError> found) => new(new OpenClawConfig(), found, text, hash, true);
    }

    public static string HashOf(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static JsonNode? ResolveIncludes(JsonNode? node, string dir, string rootDir, string path, int depth, List<ConfigError> errors, Json5Document doc)
    {
        switch (node)
        {
            case JsonObject obj when obj.ContainsKey("$include"):
                {
                    var includePath = Join(path, "$include");
                    if (depth >= MaxIncludeDepth)
                    {
                        errors.Add(new(ConfigErrorKind.Include, includePath, doc.LineOf(includePath), $"$include nested deeper than {MaxIncludeDepth} levels", "flatten the includes"));
                        return obj;
                    }

                    var targets = obj["$include"] switch
                    {
                        JsonValue v when v.TryGetValue<string>(out var one) => [one],
                        JsonArray a => a.Select(x => x?.GetValue<string>() ?? "").ToList(),
                        _ => null,
                    };
                    if (targets is null)
                    {
                        errors.Add(new(ConfigErrorKind.Include, includePath, doc.LineOf(includePath), "$include must be a file path or a list of paths"));
                        return obj;
                    }

                    JsonObject merged = [];
                    foreach (var target in targets)
                    {
                        var full = Path.GetFullPath(Path.Combine(dir, target));
                        if (!full.StartsWith(rootDir.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                        {
                            errors.Add(new(ConfigErrorKind.Include, includePath, doc.LineOf(includePath), $"$include '{target}' is outside the config directory", "keep included files next to openclaw.json"));
                            continue;
                        }

                        if (!File.Exists(full))
                        {
                            errors.Add(new(ConfigErrorKind.Include, includePath, doc.LineOf(includePath), $"$include file not found: {full}", "fix the path (relative to the including file)"));
                            continue;
                        }

                        try
                        {
                            var included = ResolveIncludes(Json5Reader.Parse(File.ReadAllText(full)).Root, Path.GetDirectoryName(full)!, rootDir, path, depth + 1, errors, doc);
                            if (included is JsonObject io)
                            {
                                DeepMerge(merged, io);
                            }
                            else
                            {
                                errors.Add(new(ConfigErrorKind.Include, includePath, doc.LineOf(includePath), $"$include file {full} must contain an object"));
                            }
                        }
                        catch (Json5Exception ex)
                        {
                            errors.Add(new(ConfigErrorKind.Syntax, includePath, doc.LineOf(includePath), $"JSON5 syntax error in {full} at line {ex.Line}, column {ex.Column}: {ex.Reason}"));
                        }
                    }

                    foreach (var (key, child) in obj.ToList())
                    {
                        if (key != "$include")
                        {
                            var resolved = ResolveIncludes(child, dir, rootDir, Join(path, key), depth, errors, doc);
                            obj.Remove(key);
                            if (merged[key] is JsonObject existing && resolved is JsonObject overriding)
                            {
                                DeepMerge(existing, overriding);
                            }
                            else
                            {
                                merged[key] = resolved;
                            }
                        }
                    }

                    return merged;
                }

            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    var resolved = ResolveIncludes(child, dir, rootDir, Join(path, key), depth, errors, doc);
                    if (!ReferenceEquals(resolved, child))
                    {
                        obj[key] = resolved;
                    }
                }

                return obj;

            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var resolved = ResolveIncludes(array[i], dir, rootDir, $"{path}[{i}]", depth, errors, doc);
                    if (!ReferenceEquals(resolved, array[i]))
                    {
                        array[i] = resolved;
                    }
                }

                return array;

            default:
                return node;
        }
    }

    /// <summary>Objects merge recursively, other values replace.</summary>
    internal static void DeepMerge(JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source.ToList())
        {
            source.Remove(key);
            if (target[key] is JsonObject t && value is JsonObject s)
            {
                DeepMerge(t, s);
            }
            else
            {
                target[key] = value;
            }
        }
    }

    private static void SubstituteEnv(JsonNode? node, string path, Func<string, string?> getEnv, List<ConfigError> errors, Json5Document doc)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (child is JsonValue v && v.TryGetValue<string>(out var s) && s.Contains('$', StringComparison.Ordinal))
                    {
                        obj[key] = Substitute(s, Join(path, key), getEnv, errors, doc);
                    }
                    else
                    {
                        SubstituteEnv(child, Join(path, key), getEnv, errors, doc);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue v && v.TryGetValue<string>(out var s) && s.Contains('$', StringComparison.Ordinal))
                    {
                        array[i] = Substitute(s, $"{path}[{i}]", getEnv, errors, doc);
                    }
                    else
                    {
                        SubstituteEnv(array[i], $"{path}[{i}]", getEnv, errors, doc);
                    }
                }

                break;
        }
    }

    private static string Substitute(string value, string path, Func<string, string?> getEnv, List<ConfigError> errors, Json5Document doc) =>
        EnvReference().Replace(value, match =>
        {
            if (match.Groups["escape"].Success)
            {
                return match.Value[1..];
            }

            var name = match.Groups["name"].Value;
            var resolved = getEnv(name);
            if (string.IsNullOrEmpty(resolved))
            {
                errors.Add(new(ConfigErrorKind.MissingEnvVar, path, doc.LineOf(path), $"environment variable {name} is not set (referenced as ${{{name}}})", $"export {name}=... or add it to ~/.openclaw/.env; write $${{{name}}} for a literal"));
                return match.Value;
            }

            return resolved;
        });

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    [GeneratedRegex(@"(?<escape>\$\$\{[A-Z_][A-Z0-9_]*\})|\$\{(?<name>[A-Z_][A-Z0-9_]*)\}")]
    private static partial Regex EnvReference();
}
