using OpenClaw.Contracts.Sandbox;

namespace OpenClaw.SandboxManager.Docker;

/// <summary>
/// The apply_patch format: <c>*** Begin Patch</c>, then <c>*** Add File: p</c> (lines with <c>+</c>),
/// <c>*** Delete File: p</c>, <c>*** Update File: p</c> (optional <c>*** Move to: q</c>, hunks started by <c>@@</c>
/// with context <c>' '</c>, removals <c>-</c>, additions <c>+</c>), and <c>*** End Patch</c>.
/// </summary>
public sealed record PatchDocument(IReadOnlyList<PatchOperation> Operations)
{
    public static PatchDocument Parse(string patch)
    {
        var lines = patch.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        while (lines.Count > 0 && lines[^1].Trim().Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        if (lines.Count < 2 || lines[0].Trim() != "*** Begin Patch" || lines[^1].Trim() != "*** End Patch")
        {
            throw Fail("a patch starts with \"*** Begin Patch\" and ends with \"*** End Patch\"");
        }

        var operations = new List<PatchOperation>();
        var i = 1;
        while (i < lines.Count - 1)
        {
            var line = lines[i];
            if (line.StartsWith("*** Add File: ", StringComparison.Ordinal))
            {
                var path = line["*** Add File: ".Length..].Trim();
                var content = new List<string>();
                i++;
                while (i < lines.Count - 1 && !lines[i].StartsWith("*** ", StringComparison.Ordinal))
                {
                    content.Add(lines[i].StartsWith('+') ? lines[i][1..] : throw Fail($"line {i + 1}: lines of an added file start with '+'"));
                    i++;
                }

                operations.Add(new PatchOperation.Add(path, content.Count == 0 ? "" : string.Join('\n', content) + "\n"));
            }
            else if (line.StartsWith("*** Delete File: ", StringComparison.Ordinal))
            {
                operations.Add(new PatchOperation.Delete(line["*** Delete File: ".Length..].Trim()));
                i++;
            }
            else if (line.StartsWith("*** Update File: ", StringComparison.Ordinal))
            {
                var path = line["*** Update File: ".Length..].Trim();
                i++;
                string? moveTo = null;
                if (i < lines.Count - 1 && lines[i].StartsWith("*** Move to: ", StringComparison.Ordinal))
                {
                    moveTo = lines[i]["*** Move to: ".Length..].Trim();
                    i++;
                }

                var hunks = new List<PatchHunk>();
                PatchHunk? current = null;
                while (i < lines.Count - 1 && (!lines[i].StartsWith("*** ", StringComparison.Ordinal) || lines[i].Trim() == "*** End of File"))
                {
                    var hunkLine = lines[i];
                    if (hunkLine.Trim() == "*** End of File")
                    {
                        i++;
                        continue;
                    }

                    if (hunkLine.StartsWith("@@", StringComparison.Ordinal))
                    {
                        current = new PatchHunk(hunkLine[2..].Trim());
                        hunks.Add(current);
                    }
                    else
                    {
                        if (current is null)
                        {
                            current = new PatchHunk("");
                            hunks.Add(current);
                        }

                        switch (hunkLine.Length == 0 ? ' ' : hunkLine[0])
                        {
                            case ' ':
                                var context = hunkLine.Length == 0 ? "" : hunkLine[1..];
                                current.Lines.Add((' ', context));
                                break;
                            case '-':
                                current.Lines.Add(('-', hunkLine[1..]));
                                break;
                            case '+':
                                current.Lines.Add(('+', hunkLine[1..]));
                                break;
                            default:
                                throw Fail($"line {i + 1}: hunk lines start with ' ', '-' or '+' (got \"{hunkLine}\")");
                        }
                    }

                    i++;
                }

                if (hunks.Count == 0 && moveTo is null)
                {
                    throw Fail($"*** Update File: {path} has no changes");
                }

                operations.Add(new PatchOperation.Update(path, moveTo, hunks));
            }
            else if (line.Trim().Length == 0)
            {
                i++;
            }
            else
            {
                throw Fail($"line {i + 1}: expected *** Add File, *** Delete File or *** Update File (got \"{line}\")");
            }
        }

        return operations.Count == 0 ? throw Fail("the patch contains no file operations") : new PatchDocument(operations);
    }

    /// <summary>Applies the hunks of an update to the file's text, matching exactly, then ignoring trailing, then all surrounding whitespace.</summary>
    public static string ApplyHunks(string path, string original, IReadOnlyList<PatchHunk> hunks)
    {
        var endsWithNewline = original.EndsWith('\n');
        var lines = original.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        if (endsWithNewline)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        var cursor = 0;
        foreach (var hunk in hunks)
        {
            if (hunk.Anchor.Length > 0)
            {
                var anchor = Find(lines, [hunk.Anchor], cursor);
                if (anchor >= 0)
                {
                    cursor = anchor + 1;
                }
            }

            if (hunk.Old.Count == 0)
            {
                lines.InsertRange(hunk.Anchor.Length > 0 ? cursor : lines.Count, hunk.New);
                cursor += hunk.New.Count;
                continue;
            }

            var at = Find(lines, hunk.Old, cursor);
            if (at < 0)
            {
                at = Find(lines, hunk.Old, 0);
            }

            if (at < 0)
            {
                throw Fail($"{path}: could not find the lines to change:\n{string.Join('\n', hunk.Old.Take(8))}");
            }

            // Context lines keep the file's own text (the patch may differ in whitespace).
            var replacement = new List<string>();
            var offset = 0;
            foreach (var (kind, text) in hunk.Lines)
            {
                switch (kind)
                {
                    case ' ':
                        replacement.Add(lines[at + offset++]);
                        break;
                    case '-':
                        offset++;
                        break;
                    default:
                        replacement.Add(text);
                        break;
                }
            }

            lines.RemoveRange(at, hunk.Old.Count);
            lines.InsertRange(at, replacement);
            cursor = at + hunk.New.Count;
        }

        return string.Join('\n', lines) + (endsWithNewline || lines.Count > 0 ? "\n" : "");
    }

    private static int Find(List<string> lines, IReadOnlyList<string> needle, int start)
    {
        foreach (var compare in new Func<string, string, bool>[]
                 {
                     (a, b) => a == b,
                     (a, b) => a.TrimEnd() == b.TrimEnd(),
                     (a, b) => a.Trim() == b.Trim(),
                 })
        {
            for (var i = start; i + needle.Count <= lines.Count; i++)
            {
                var match = true;
                for (var j = 0; j < needle.Count && match; j++)
                {
                    match = compare(lines[i + j], needle[j]);
                }

                if (match)
                {
                    return i;
                }
            }
        }

        return -1;
    }

    private static SandboxFailure Fail(string message) => new(SandboxErrorCodes.PatchFailed, $"apply_patch: {message}");
}

public abstract record PatchOperation(string Path)
{
    public sealed record Add(string FilePath, string Content) : PatchOperation(FilePath);

    public sealed record Delete(string FilePath) : PatchOperation(FilePath);

    public sealed record Update(string FilePath, string? MoveTo, IReadOnlyList<PatchHunk> Hunks) : PatchOperation(FilePath);
}

public sealed record PatchHunk(string Anchor)
{
    /// <summary>Each line with its kind: <c>' '</c> context, <c>'-'</c> removed, <c>'+'</c> added.</summary>
    public List<(char Kind, string Text)> Lines { get; } = [];

    public IReadOnlyList<string> Old => [.. Lines.Where(l => l.Kind != '+').Select(l => l.Text)];

    public IReadOnlyList<string> New => [.. Lines.Where(l => l.Kind != '-').Select(l => l.Text)];
}
