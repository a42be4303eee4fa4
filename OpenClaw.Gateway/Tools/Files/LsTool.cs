using System.Text;
using System.Text.Json;
using OpenClaw.Gateway.Tools.Execution;

namespace OpenClaw.Gateway.Tools.Files;

/// <summary><c>ls</c>: the entries of a workspace directory, directories marked with a trailing '/'.</summary>
public sealed class LsTool(ToolExecutionRouter router) : IAgentTool
{
    private const int DefaultLimit = 500;

    public string Name => "ls";

    public string Description => "List a directory in the workspace (default: the workspace root). Directories end with '/'.";

    public JsonElement ParametersSchema { get; } = ToolSchema.Parse("""
        {
          "type": "object",
          "properties": {
            "path": { "type": "string", "description": "Directory to list (default: workspace root)" },
            "limit": { "type": "number", "description": "Maximum number of entries (default 500)" }
          }
        }
        """);

    public async Task<ToolResult> InvokeAsync(JsonElement arguments, ToolContext context, CancellationToken cancellationToken)
    {
        var args = new ToolArguments(Name, arguments);
        var path = args.GetString("path") ?? ".";
        var limit = args.GetInt("limit") is { } l && l > 0 ? l : DefaultLimit;
        var entries = await router.For(context).ListDirectoryAsync(context, path, cancellationToken).ConfigureAwait(false);
        if (entries.Count == 0)
        {
            return new ToolResult("(empty directory)");
        }

        var text = new StringBuilder();
        foreach (var entry in entries.Take(limit))
        {
            text.Append(entry.Name).Append(entry.IsDirectory ? "/" : "").Append('\n');
        }

        if (entries.Count > limit)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\n[{limit} of {entries.Count} entries shown. Use limit to see more.]");
        }

        return new ToolResult(text.ToString().TrimEnd('\n'));
    }
}
