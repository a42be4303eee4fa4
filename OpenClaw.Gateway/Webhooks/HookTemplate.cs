using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OpenClaw.Gateway.Webhooks;

/// <summary>
/// Fills <c>{{messages[0].from}}</c>-style placeholders from a JSON payload (optionally prefixed <c>payload.</c>);
/// <c>{{now}}</c> is the current UTC time. A missing value renders as empty; objects render as JSON.
/// </summary>
public static partial class HookTemplate
{
    public static string Render(string template, JsonElement payload, DateTimeOffset now) =>
        Placeholder().Replace(template, match =>
        {
            var path = match.Groups[1].Value.Trim();
            if (path == "now")
            {
                return now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            }

            if (path.StartsWith("payload.", StringComparison.Ordinal))
            {
                path = path["payload.".Length..];
            }

            return Resolve(payload, path) is { } value ? Text(value) : "";
        });

    public static JsonElement? Resolve(JsonElement root, string path)
    {
        var current = root;
        foreach (Match segment in Segment().Matches(path))
        {
            if (segment.Groups["name"].Success)
            {
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(segment.Groups["name"].Value, out current))
                {
                    return null;
                }
            }
            else
            {
                var index = int.Parse(segment.Groups["index"].Value, CultureInfo.InvariantCulture);
                if (current.ValueKind != JsonValueKind.Array || index >= current.GetArrayLength())
                {
                    return null;
                }

                current = current[index];
            }
        }

        return current;
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        _ => value.GetRawText(),
    };

    [GeneratedRegex(@"\{\{\s*([^{}]+?)\s*\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"(?<name>[^.\[\]]+)|\[(?<index>\d+)\]")]
    private static partial Regex Segment();
}
