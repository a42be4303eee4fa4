using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration.Memory;

namespace OpenClaw.ChannelWorkers.Hosting;

/// <summary>
/// Reads the user's <c>openclaw.json</c> (<c>OPENCLAW_CONFIG_PATH</c>, else <c>$OPENCLAW_STATE_DIR/openclaw.json</c>,
/// else <c>~/.openclaw/openclaw.json</c>) into configuration, below environment variables and the command
/// line so <c>channels__telegram__botToken</c> still overrides it. Comments and trailing commas are accepted,
/// and <c>${VAR}</c> is substituted as upstream does (a missing variable is an error naming the key).
/// </summary>
internal static partial class OpenClawConfigFile
{
    public static string StateDir() =>
        Environment.GetEnvironmentVariable("OPENCLAW_STATE_DIR") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".openclaw");

    public static string ConfigPath() =>
        Environment.GetEnvironmentVariable("OPENCLAW_CONFIG_PATH") is { Length: > 0 } path
            ? path
            : Path.Combine(StateDir(), "openclaw.json");

    public static void AddOpenClawConfigFile(this IHostApplicationBuilder builder)
    {
        var path = ConfigPath();
        if (!File.Exists(path))
        {
            return;
        }

        var values = Read(path);
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = values });
    }

    internal static Dictionary<string, string?> Read(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
        }
        catch (JsonException ex)
        {
            throw new ConfigFileException(
                $"{path}: not valid JSON at line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}. " +
                "The channel worker reads JSON with comments and trailing commas; quote keys and strings with double quotes.", ex);
        }

        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        using (document)
        {
            Flatten(document.RootElement, "", values);
        }

        return values;
    }

    private static void Flatten(JsonElement element, string prefix, Dictionary<string, string?> values)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, prefix.Length == 0 ? property.Name : $"{prefix}:{property.Name}", values);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, $"{prefix}:{index++.ToString(CultureInfo.InvariantCulture)}", values);
                }

                break;
            case JsonValueKind.String:
                values[prefix] = Substitute(element.GetString()!, prefix);
                break;
            case JsonValueKind.Null:
                values[prefix] = null;
                break;
            default:
                values[prefix] = element.GetRawText();
                break;
        }
    }

    private static string Substitute(string value, string keyPath) =>
        EnvReference().Replace(value, match =>
        {
            if (match.Groups["escaped"].Success)
            {
                return match.Value[1..];
            }

            var name = match.Groups["name"].Value;
            return Environment.GetEnvironmentVariable(name) is { Length: > 0 } resolved
                ? resolved
                : throw new ConfigFileException(
                    $"{keyPath.Replace(':', '.')}: environment variable {name} is not set (referenced as ${{{name}}}); set it or change the value.");
        });

    [GeneratedRegex(@"(?<escaped>\$)?\$\{(?<name>[A-Z_][A-Z0-9_]*)\}")]
    private static partial Regex EnvReference();
}

/// <summary>The configuration cannot be used; the message says what and where.</summary>
internal sealed class ConfigFileException(string message, Exception? inner = null) : Exception(message, inner);
