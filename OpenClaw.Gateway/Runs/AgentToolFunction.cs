using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenClaw.Gateway.Tools;

namespace OpenClaw.Gateway.Runs;

/// <summary>An <see cref="IAgentTool"/> exposed to the model as a Microsoft.Extensions.AI function, bound to one run's context.</summary>
public sealed class AgentToolFunction(IAgentTool tool, ToolContext context) : AIFunction
{
    public IAgentTool Tool { get; } = tool;

    public override string Name => Tool.Name;

    public override string Description => Tool.Description;

    public override JsonElement JsonSchema => Tool.ParametersSchema;

    public Task<ToolResult> InvokeToolAsync(JsonElement arguments, CancellationToken cancellationToken) =>
        Tool.InvokeAsync(arguments, context, cancellationToken);

    protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToElement(arguments.ToDictionary(kv => kv.Key, kv => kv.Value), AIJsonUtilities.DefaultOptions);
        var result = await InvokeToolAsync(json, cancellationToken).ConfigureAwait(false);
        return result.Text;
    }
}

/// <summary>The catalog used until the tools feature registers its own: no tools.</summary>
public sealed class NoToolsCatalog : IToolCatalog
{
    public IReadOnlyList<IAgentTool> GetEffectiveTools(ToolContext context) => [];
}
