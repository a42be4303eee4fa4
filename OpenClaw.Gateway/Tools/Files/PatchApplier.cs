namespace OpenClaw.Gateway.Tools.Files;

/// <summary>
/// Applies the hunks of an update to a file's text. Hunks apply in order, each searched from where the previous
/// one ended: first exactly, then ignoring trailing and finally surrounding whitespace.
/// </summary>
public static class PatchApplier
{
    public static string Apply(string original, IReadOnlyList<PatchChunk> chunks, string path)
    {
        var lines = original.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        var endsWithNewline = lines.Count > 0 && lines[^1].Length == 0;
        if (endsWithNewline)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        var position = 0;
        foreach (var chunk in chunks)
        {
            if (chunk.Context is { } context)
            {
                var anchor = Find(lines, [context], position, atEnd: false);
                if (anchor < 0)
                {
                    throw new ToolException($"Failed to find context '{context}' in {path}.");
                }

                position = anchor + 1;
            }

            if (chunk.OldLines.Count == 0)
            {
                // Pure addition: after the anchor when there is one, else at the end of the file.
                var at = chunk.Context is null ? lines.Count : position;
                lines.InsertRange(at, chunk.NewLines);
                position = at + chunk.NewLines.Count;
                continue;
            }

            var start = Find(lines, chunk.OldLines, position, chunk.AtEndOfFile);
            if (start < 0)
            {
                throw new ToolException(
                    $"Failed to find expected lines in {path}:\n{string.Join('\n', chunk.OldLines)}\n" +
                    "Read the file again and make the context and '-' lines match it exactly.");
            }

            lines.RemoveRange(start, chunk.OldLines.Count);
            lines.InsertRange(start, chunk.NewLines);
            position = start + chunk.NewLines.Count;
        }

        return string.Join('\n', lines) + (lines.Count > 0 ? "\n" : "");
    }

    private static int Find(List<string> lines, IReadOnlyList<string> pattern, int from, bool atEnd)
    {
        Func<string, string>[] normalizers = [s => s, s => s.TrimEnd(), s => s.Trim()];
        foreach (var normalize in normalizers)
        {
            if (atEnd)
            {
                var endStart = lines.Count - pattern.Count;
                if (endStart >= from && Matches(lines, pattern, endStart, normalize))
                {
                    return endStart;
                }
            }

            for (var start = from; start + pattern.Count <= lines.Count; start++)
            {
                if (Matches(lines, pattern, start, normalize))
                {
                    return start;
                }
            }
        }

        return -1;
    }

    private static bool Matches(List<string> lines, IReadOnlyList<string> pattern, int start, Func<string, string> normalize)
    {
        for (var i = 0; i < pattern.Count; i++)
        {
            if (normalize(lines[start + i]) != normalize(pattern[i]))
            {
                return false;
            }
        }

        return true;
    }
}
