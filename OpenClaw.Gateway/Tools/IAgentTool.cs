using System.Text.Json;

namespace OpenClaw.Gateway.Tools;

/// <summary>
/// A tool the model can call (exec, read, write, ...). Names, parameters and result shapes follow
/// upstream OpenClaw (spec §5); <see cref="ParametersSchema"/> is the JSON schema the model sees.
/// </summary>
public interface IAgentTool
{
    string Name { get; }

    string Description { get; }

    JsonElement ParametersSchema { get; }

    Task<ToolResult> InvokeAsync(JsonElement arguments, ToolContext context, CancellationToken cancellationToken);
}
