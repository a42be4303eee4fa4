using System.Globalization;
using System.Text;

namespace OpenClaw.AppHost.Publishing;

/// <summary>
/// A deliberately small YAML emitter for Compose files: ordered maps, lists, and scalars where strings
/// are always double-quoted (so "yes", "8080" or "${X}" keep their meaning in Compose v1 and v2) and
/// numbers and booleans are written bare, because Compose rejects quoted ones (aspire #19000).
/// </summary>
public sealed class YamlMap : List<KeyValuePair<string, object>>
{
    public void Add(string key, object value) => Add(new KeyValuePair<string, object>(key, value));
}

public static class Yaml
{
    public static string Write(YamlMap root)
    {
        var text = new StringBuilder();
        WriteMap(text, root, 0);
        return text.ToString();
    }

    private static void WriteMap(StringBuilder text, YamlMap map, int indent)
    {
        foreach (var (key, value) in map)
        {
            text.Append(' ', indent).Append(Key(key)).Append(':');
            WriteValue(text, value, indent);
        }
    }

    private static void WriteValue(StringBuilder text, object value, int indent)
    {
        switch (value)
        {
            case YamlMap { Count: 0 }:
                text.Append(" {}\n");
                break;
            case YamlMap map:
                text.Append('\n');
                WriteMap(text, map, indent + 2);
                break;
            case IEnumerable<object> list when !list.Any():
                text.Append(" []\n");
                break;
            case IEnumerable<object> list:
                text.Append('\n');
                foreach (var item in list)
                {
                    text.Append(' ', indent + 2).Append('-');
                    if (item is YamlMap itemMap)
                    {
                        // "- key: value" with the following keys aligned under the first.
                        var inner = new StringBuilder();
                        WriteMap(inner, itemMap, indent + 4);
                        text.Append(' ').Append(inner.ToString().TrimStart());
                    }
                    else
                    {
                        text.Append(' ').Append(Scalar(item)).Append('\n');
                    }
                }

                break;
            default:
                text.Append(' ').Append(Scalar(value)).Append('\n');
                break;
        }
    }

    private static string Key(string key) =>
        key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.') ? key : Quote(key);

    private static string Scalar(object value) => value switch
    {
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        string s => Quote(s),
        _ => throw new ArgumentException($"Unsupported YAML scalar {value.GetType().Name}", nameof(value)),
    };

    private static string Quote(string value)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in value)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }
}
