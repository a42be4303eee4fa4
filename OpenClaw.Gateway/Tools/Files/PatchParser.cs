namespace OpenClaw.Gateway.Tools.Files;

/// <summary>Parses the patch format of <see cref="Patch"/>; errors name the line and what was expected.</summary>
public static class PatchParser
{
    private const string Begin = "*** Begin Patch";
    private const string End = "*** End Patch";
    private const string AddFile = "*** Add File: ";
    private const string DeleteFile = "*** Delete File: ";
    private const string UpdateFile = "*** Update File: ";
    private const string MoveTo = "*** Move to: ";
    private const string EndOfFile = "*** End of File";

    public static Patch Parse(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim().Split('\n');

        // Models sometimes wrap the patch in a heredoc (apply_patch <<'EOF' ... EOF); accept that like upstream.
        if (lines.Length >= 2 && lines[0].StartsWith("<<", StringComparison.Ordinal) && lines[^1].Trim() is "EOF" or "'EOF'" or "\"EOF\"")
        {
            lines = lines[1..^1];
        }

        if (lines.Length == 0 || lines[0].Trim() != Begin)
        {
            throw new PatchFormatException($"Invalid patch: the first line must be '{Begin}'.");
        }

        if (lines[^1].Trim() != End)
        {
            throw new PatchFormatException($"Invalid patch: the last line must be '{End}'.");
        }

        var operations = new List<PatchOperation>();
        var i = 1;
        while (i < lines.Length - 1)
        {
            var line = lines[i];
            if (line.StartsWith(AddFile, StringComparison.Ordinal))
            {
                var path = PathOf(line, AddFile, i);
                var content = new List<string>();
                i++;
                while (i < lines.Length - 1 && !lines[i].StartsWith("*** ", StringComparison.Ordinal))
                {
                    if (!lines[i].StartsWith('+'))
                    {
                        throw new PatchFormatException($"Invalid patch line {i + 1}: lines of an added file must start with '+' (got '{lines[i]}').");
                    }

                    content.Add(lines[i][1..]);
                    i++;
                }

                operations.Add(new AddFileOperation(path, content.Count == 0 ? "" : string.Join('\n', content) + "\n"));
            }
            else if (line.StartsWith(DeleteFile, StringComparison.Ordinal))
            {
                operations.Add(new DeleteFileOperation(PathOf(line, DeleteFile, i)));
                i++;
            }
            else if (line.StartsWith(UpdateFile, StringComparison.Ordinal))
            {
                var path = PathOf(line, UpdateFile, i);
                i++;
                string? moveTo = null;
                if (i < lines.Length - 1 && lines[i].StartsWith(MoveTo, StringComparison.Ordinal))
                {
                    moveTo = PathOf(lines[i], MoveTo, i);
                    i++;
                }

                var chunks = ParseChunks(lines, ref i, path);
                if (chunks.Count == 0 && moveTo is null)
                {
                    throw new PatchFormatException($"Invalid patch: the update of '{path}' has no hunks.");
                }

                operations.Add(new UpdateFileOperation(path, moveTo, chunks));
            }
            else if (line.Trim().Length == 0)
            {
                i++;
            }
            else
            {
                throw new PatchFormatException(
                    $"Invalid patch line {i + 1}: '{line}' is not a valid hunk header. Expected '*** Add File: ', '*** Delete File: ' or '*** Update File: '.");
            }
        }

        if (operations.Count == 0)
        {
            throw new PatchFormatException("Invalid patch: no file operations between Begin Patch and End Patch.");
        }

        return new Patch(operations);
    }

    private static List<PatchChunk> ParseChunks(string[] lines, ref int i, string path)
    {
        var chunks = new List<PatchChunk>();
        string? context = null;
        var oldLines = new List<string>();
        var newLines = new List<string>();
        var started = false;

        void Flush(bool atEnd)
        {
            if (started && (oldLines.Count > 0 || newLines.Count > 0 || context is not null))
            {
                chunks.Add(new PatchChunk(context, [.. oldLines], [.. newLines], atEnd));
            }

            context = null;
            oldLines.Clear();
            newLines.Clear();
            started = false;
        }

        while (i < lines.Length - 1 && !IsFileHeader(lines[i]))
        {
            var line = lines[i];
            if (line.StartsWith("@@", StringComparison.Ordinal))
            {
                Flush(atEnd: false);
                started = true;
                var anchor = line[2..].Trim();
                context = anchor.Length == 0 ? null : anchor;
            }
            else if (line.Trim() == EndOfFile)
            {
                Flush(atEnd: true);
            }
            else
            {
                // The first hunk of a file may omit its '@@' line.
                started = true;
                if (line.Length == 0 || line[0] == ' ')
                {
                    var body = line.Length == 0 ? "" : line[1..];
                    oldLines.Add(body);
                    newLines.Add(body);
                }
                else if (line[0] == '-')
                {
                    oldLines.Add(line[1..]);
                }
                else if (line[0] == '+')
                {
                    newLines.Add(line[1..]);
                }
                else
                {
                    throw new PatchFormatException(
                        $"Invalid patch line {i + 1} in the update of '{path}': '{line}'. Hunk lines start with ' ', '-' or '+'.");
                }
            }

            i++;
        }

        Flush(atEnd: false);
        return chunks;
    }

    private static bool IsFileHeader(string line) =>
        line.StartsWith(AddFile, StringComparison.Ordinal)
        || line.StartsWith(DeleteFile, StringComparison.Ordinal)
        || line.StartsWith(UpdateFile, StringComparison.Ordinal);

    private static string PathOf(string line, string prefix, int index)
    {
        var path = line[prefix.Length..].Trim();
        if (path.Length == 0)
        {
            throw new PatchFormatException($"Invalid patch line {index + 1}: '{prefix.Trim()}' needs a file path.");
        }

        return path;
    }
}
