using System.Text;
using System.Text.Json;
using OpenClaw.Gateway.Tools.Execution;

namespace OpenClaw.Gateway.Tools.Files;

/// <summary>
/// <c>edit</c>: exact text replacement. Each <c>oldText</c> must occur exactly once; all edits match against the
/// original content and may not overlap. Line endings are compared as LF and the file's own are kept.
/// </summary>
public sealed class EditTool(ToolExecutionRouter router) : IAgentTool
{
    public string Name => "edit";

    public string Description =>
        "Edit a file by replacing exact text. oldText must match exactly (including whitespace) and be unique in the file; " +
        "pass several replacements as edits[].";

    public JsonElement ParametersSchema { get; } = ToolSchema.Parse("""
        {
          "type": "object",
          "properties": {
            "path": { "type": "string", "description": "Path of the file (relative to the workspace)" },
            "oldText": { "type": "string", "description": "Exact text to find (must be unique)" },
            "newText": { "type": "string", "description": "Text to replace it with" },
            "edits": {
              "type": "array",
              "description": "Several replacements, each matched against the original file",
              "items": {
                "type": "object",
                "properties": { "oldText": { "type": "string" }, "newText": { "type": "string" } },
                "required": ["oldText", "newText"]
              }
            }
          },
          "required": ["path"]
        }
        """);

    public async Task<ToolResult> InvokeAsync(JsonElement arguments, ToolContext context, CancellationToken cancellationToken)
    {
        var args = new ToolArguments(Name, arguments);
        var path = args.RequireString("path", "file_path");
        var edits = ReadEdits(args);

        var backend = router.For(context);
        var original = Encoding.UTF8.GetString(await backend.ReadFileAsync(context, path, cancellationToken).ConfigureAwait(false));
        var usesCrLf = original.Contains("\r\n", StringComparison.Ordinal);
        var content = original.Replace("\r\n", "\n", StringComparison.Ordinal);

        var updated = Apply(content, edits, path);
        if (usesCrLf)
        {
            updated = updated.Replace("\n", "\r\n", StringComparison.Ordinal);
        }

        await backend.WriteFileAsync(context, path, Encoding.UTF8.GetBytes(updated), cancellationToken).ConfigureAwait(false);
        return new ToolResult(edits.Count == 1
            ? $"Successfully replaced text in {path}."
            : $"Successfully replaced {edits.Count} block(s) in {path}.");
    }

    /// <summary>Applies the replacements to LF content, with upstream's errors for no match, many matches and overlaps.</summary>
    internal static string Apply(string content, IReadOnlyList<(string OldText, string NewText)> edits, string path)
    {
        var total = edits.Count;
        var matches = new List<(int Index, int Edit, int Length, string NewText)>();
        for (var i = 0; i < total; i++)
        {
            var oldText = edits[i].OldText.Replace("\r\n", "\n", StringComparison.Ordinal);
            var newText = edits[i].NewText.Replace("\r\n", "\n", StringComparison.Ordinal);
            if (oldText.Length == 0)
            {
                throw new ToolException(total == 1 ? $"oldText must not be empty in {path}." : $"edits[{i}].oldText must not be empty in {path}.");
            }

            var index = content.IndexOf(oldText, StringComparison.Ordinal);
            if (index < 0)
            {
                var prefix = total == 1 ? "Could not find the exact text" : $"Could not find edits[{i}]";
                throw new ToolException($"{prefix} in {path}. The old text must match exactly including all whitespace and newlines.");
            }

            var occurrences = CountOccurrences(content, oldText);
            if (occurrences > 1)
            {
                throw new ToolException(total == 1
                    ? $"Found {occurrences} occurrences of the text in {path}. The text must be unique. Please provide more context to make it unique."
                    : $"Found {occurrences} occurrences of edits[{i}] in {path}. Each oldText must be unique. Please provide more context to make it unique.");
            }

            matches.Add((index, i, oldText.Length, newText));
        }

        matches.Sort((a, b) => a.Index.CompareTo(b.Index));
        for (var i = 1; i < matches.Count; i++)
        {
            if (matches[i - 1].Index + matches[i - 1].Length > matches[i].Index)
            {
                throw new ToolException(
                    $"edits[{matches[i - 1].Edit}] and edits[{matches[i].Edit}] overlap in {path}. Merge them into one edit or target disjoint regions.");
            }
        }

        var result = new StringBuilder(content.Length);
        var position = 0;
        foreach (var match in matches)
        {
            result.Append(content, position, match.Index - position).Append(match.NewText);
            position = match.Index + match.Length;
        }

        result.Append(content, position, content.Length - position);
        var updated = result.ToString();
        if (updated == content)
        {
            throw new ToolException(total == 1
                ? $"No changes made to {path}. The replacement produced identical content. This might indicate an issue with special characters or the text not existing as expected."
                : $"No changes made to {path}. The replacements produced identical content.");
        }

        return updated;
    }

    private static List<(string OldText, string NewText)> ReadEdits(ToolArguments args)
    {
        if (args.TryGet("edits", [], out var array) && array.ValueKind == JsonValueKind.Array)
        {
            var edits = new List<(string, string)>();
            var index = 0;
            foreach (var item in array.EnumerateArray())
            {
                var edit = new ToolArguments($"edit: edits[{index++}]", item);
                edits.Add((edit.RequireString("oldText", "old_string"), edit.GetString("newText", "new_string") ?? ""));
            }

            if (edits.Count == 0)
            {
                throw new ToolException("edit: 'edits' is empty; give at least one { oldText, newText }.");
            }

            return edits;
        }

        return [(args.RequireString("oldText", "old_string", "oldString"), args.GetString("newText", "new_string", "newString") ?? "")];
    }

    private static int CountOccurrences(string content, string value)
    {
        var count = 0;
        var index = 0;
        while ((index = content.IndexOf(value, index, StringComparison.Ordinal)) >= 0)
        {
            count++;
            index += value.Length;
        }

        return count;
    }
}
