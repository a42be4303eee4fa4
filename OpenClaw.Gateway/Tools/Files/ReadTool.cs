using System.Globalization;
using System.Text;
using System.Text.Json;
using OpenClaw.Gateway.Tools.Execution;

namespace OpenClaw.Gateway.Tools.Files;

/// <summary>
/// <c>read</c>: a text file by lines (<c>offset</c> 1-based, <c>limit</c> lines; at most 2000 lines or 50 KB per
/// call with a note on how to continue), or an image returned as an attachment.
/// </summary>
public sealed class ReadTool(ToolExecutionRouter router) : IAgentTool
{
    internal const int MaxLines = 2000;
    internal const int MaxBytes = 50 * 1024;

    public string Name => "read";

    public string Description =>
        "Read a file from the workspace. Text files come back by lines (use offset/limit for large files); " +
        "images (png, jpeg, gif, webp) come back as attachments.";

    public JsonElement ParametersSchema { get; } = ToolSchema.Parse("""
        {
          "type": "object",
          "properties": {
            "path": { "type": "string", "description": "Path of the file (relative to the workspace)" },
            "offset": { "type": "number", "description": "Line number to start at (1-based)" },
            "limit": { "type": "number", "description": "Maximum number of lines to read" }
          },
          "required": ["path"]
        }
        """);

    public async Task<ToolResult> InvokeAsync(JsonElement arguments, ToolContext context, CancellationToken cancellationToken)
    {
        var args = new ToolArguments(Name, arguments);
        var path = args.RequireString("path", "file_path");
        var bytes = await router.For(context).ReadFileAsync(context, path, cancellationToken).ConfigureAwait(false);

        if (ImageTypes.Detect(bytes) is { } mime)
        {
            return new ToolResult($"Read image file [{mime}] {path} ({bytes.Length} bytes)")
            {
                Attachments = [new ToolAttachment(mime, bytes, Path.GetFileName(path))],
            };
        }

        var text = Encoding.UTF8.GetString(bytes);
        var lines = text.Split('\n');
        if (lines.Length > 1 && lines[^1].Length == 0)
        {
            lines = lines[..^1];
        }

        var offset = args.GetInt("offset") ?? 1;
        if (offset < 1)
        {
            offset = 1;
        }

        if (lines.Length > 0 && offset > lines.Length)
        {
            throw new ToolException($"Offset {offset} is beyond end of file ({lines.Length} lines total).");
        }

        var limit = args.GetInt("limit") is { } l && l > 0 ? Math.Min(l, MaxLines) : MaxLines;
        var output = new StringBuilder();
        var shown = 0;
        var size = 0;
        for (var i = offset - 1; i < lines.Length && shown < limit; i++)
        {
            var line = lines[i].TrimEnd('\r');
            size += Encoding.UTF8.GetByteCount(line) + 1;
            if (size > MaxBytes && shown > 0)
            {
                break;
            }

            output.Append(line).Append('\n');
            shown++;
        }

        var last = offset - 1 + shown;
        if (last < lines.Length)
        {
            output.Append(CultureInfo.InvariantCulture,
                $"\n[Showing lines {offset}-{last} of {lines.Length}. Use offset={last + 1} to continue.]");
        }

        return new ToolResult(output.Length == 0 ? "(empty file)" : output.ToString().TrimEnd('\n'));
    }
}
