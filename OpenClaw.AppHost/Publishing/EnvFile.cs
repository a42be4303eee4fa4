using System.Text;

namespace OpenClaw.AppHost.Publishing;

/// <summary>
/// The Compose <c>.env</c>: keys only, with a comment line above each, sorted, a blank line between
/// entries (Aspire's format). Publishing again merges: a value the user (or setup.sh) already wrote
/// is kept, keys the user added are kept, only missing keys are added (aspire #9124, #12650).
/// </summary>
public static class EnvFile
{
    public static string Merge(IReadOnlyDictionary<string, string> keys, string? existing)
    {
        var current = Parse(existing);
        var text = new StringBuilder();
        foreach (var (key, description) in keys.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            text.Append("# ").Append(description).Append('\n');
            text.Append(key).Append('=').Append(current.GetValueOrDefault(key, "")).Append("\n\n");
        }

        var kept = current.Where(pair => !keys.ContainsKey(pair.Key)).ToList();
        if (kept.Count > 0)
        {
            text.Append("# Kept from the existing .env\n");
            foreach (var (key, value) in kept)
            {
                text.Append(key).Append('=').Append(value).Append('\n');
            }
        }

        return text.ToString().TrimEnd('\n') + "\n";
    }

    /// <summary>KEY=VALUE lines in file order; comments and blank lines are skipped; the last duplicate wins.</summary>
    public static Dictionary<string, string> Parse(string? text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in (text ?? "").Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith('#') || !line.Contains('=', StringComparison.Ordinal))
            {
                continue;
            }

            var separator = line.IndexOf('=', StringComparison.Ordinal);
            var key = line[..separator].Trim();
            if (key.Length > 0)
            {
                values[key] = line[(separator + 1)..];
            }
        }

        return values;
    }
}
