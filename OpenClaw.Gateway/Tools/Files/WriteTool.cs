using System.Text;
using System.Text.Json;
using OpenClaw.Gateway.Tools.Execution;

namespace OpenClaw.Gateway.Tools.Files;

/// <summary><c>write</c>: creates or overwrites a file (parent directories created, written atomically).</summary>
public sealed class WriteTool(ToolExecutionRouter router) : IAgentTool
{
    public string Name => "write";

    public string Description => "Write content to a file in the workspace, creating it and its directories if needed and overwriting it otherwise.";

    public JsonElement ParametersSchema { get; } = ToolSchema.Parse("""
        {
          "type": "object",
          "properties": {
            "path": { "type": "string", "description": "Path of the file (relative to the workspace)" },
            "content": { "type": "string", "description": "Content to write" }
          },
          "required": ["path", "content"]
        }
        """);

    public async Task<ToolResult> InvokeAsync(JsonElement arguments, ToolContext context, CancellationToken cancellationToken)
    {
        var args = new ToolArguments(Name, arguments);
        var path = args.RequireString("path", "file_path");
        var content = args.GetString("content") ?? throw new ToolException("write: 'content' is required (a string).");
        var bytes = Encoding.UTF8.GetBytes(content);
        await router.For(context).WriteFileAsync(context, path, bytes, cancellationToken).ConfigureAwait(false);
        return new ToolResult($"Successfully wrote {bytes.Length} bytes to {path}");
    }
}
