namespace OpenClaw.Gateway.Config;

/// <summary>
/// <c>.env</c> files (spec §3.1): the working directory's and <c>~/.openclaw/.env</c>. They only fill variables that
/// are not already set; the first file wins over the second. Lines are <c>KEY=value</c> (optionally <c>export</c>,
/// quoted values, <c>#</c> comments).
/// </summary>
public static class DotEnvFile
{
    public static IReadOnlyDictionary<string, string> Load(params string[] paths)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            if (!File.Exists(path))
            {
                continue;
            }

            foreach (var raw in File.ReadLines(path))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line.StartsWith('#'))
                {
                    continue;
                }

                if (line.StartsWith("export ", StringComparison.Ordinal))
                {
                    line = line["export ".Length..].TrimStart();
                }

                var eq = line.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    continue;
                }

                var key = line[..eq].Trim();
                var value = line[(eq + 1)..].Trim();
                if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
                {
                    value = value[1..^1];
                }
                else if (value.IndexOf(" #", StringComparison.Ordinal) is var comment and >= 0)
                {
                    value = value[..comment].TrimEnd();
                }

                values.TryAdd(key, value);
            }
        }

        return values;
    }
}
