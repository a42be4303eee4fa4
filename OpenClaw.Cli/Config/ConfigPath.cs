using System.Globalization;
using System.Text.RegularExpressions;
using OpenClaw.Cli.Gateway;

namespace OpenClaw.Cli.Config;

/// <summary>A config key path as users type it: <c>gateway.auth.token</c>, <c>agents.list[0].id</c>, <c>channels["x.y"]</c>.</summary>
internal static partial class ConfigPath
{
    /// <summary>Each segment is a key (string) or an array index (int).</summary>
    public static IReadOnlyList<object> Parse(string path)
    {
        var segments = new List<object>();
        var rest = path.Trim();
        if (rest.Length == 0)
        {
            throw new CliException("empty config path: use a dotted key such as gateway.port");
        }

        foreach (Match m in Segment().Matches(rest))
        {
            if (m.Groups["index"].Success)
            {
                segments.Add(int.Parse(m.Groups["index"].Value, CultureInfo.InvariantCulture));
            }
            else if (m.Groups["quoted"].Success)
            {
                segments.Add(m.Groups["quoted"].Value);
            }
            else
            {
                segments.Add(m.Groups["key"].Value);
            }
        }

        if (string.Concat(Segment().Matches(rest).Select(m => m.Value)) != rest || segments.Any(s => s is string { Length: 0 }))
        {
            throw new CliException($"invalid config path '{path}': use dotted keys and [index], e.g. agents.list[0].id");
        }

        return segments;
    }

    public static string Format(IEnumerable<object> segments) =>
        string.Concat(segments.Select((s, i) => s is int n ? $"[{n}]" : i == 0 ? (string)s : "." + s)).TrimStart('.');

    [GeneratedRegex(@"\.?(?<key>[^.\[\]""]+)|\[(?<index>\d+)\]|\[""(?<quoted>[^""]*)""\]")]
    private static partial Regex Segment();
}
