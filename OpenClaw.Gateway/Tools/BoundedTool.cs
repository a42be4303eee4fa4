using System.Globalization;
using System.Text.Json;

namespace OpenClaw.Gateway.Tools;

/// <summary>
/// What the agent loop actually calls: the tool, with its output cut past <c>tools.output.maxChars</c> (with a
/// marker saying how much was left out) and failures turned into error results instead of exceptions.
/// </summary>
internal sealed class BoundedTool(IAgentTool inner, int maxChars) : IAgentTool
{
    public IAgentTool Inner => inner;

    public string Name => inner.Name;

    public string Description => inner.Description;

    public JsonElement ParametersSchema => inner.ParametersSchema;

    public async Task<ToolResult> InvokeAsync(JsonElement arguments, ToolContext context, CancellationToken cancellationToken)
    {
        ToolResult result;
        try
        {
            result = await inner.InvokeAsync(arguments, context, cancellationToken).ConfigureAwait(false);
        }
        catch (ToolException ex)
        {
            result = ToolResult.Error(ex.Message);
        }
        catch (IOException ex)
        {
            result = ToolResult.Error($"{inner.Name}: {ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            result = ToolResult.Error($"{inner.Name}: permission denied ({ex.Message})");
        }

        return Truncate(result, maxChars);
    }

    internal static ToolResult Truncate(ToolResult result, int maxChars)
    {
        if (maxChars <= 0 || result.Text.Length <= maxChars)
        {
            return result;
        }

        var omitted = result.Text.Length - maxChars;
        var marker = string.Create(CultureInfo.InvariantCulture, $"\n\n[output truncated: {omitted} more characters not shown]");
        return result with { Text = result.Text[..maxChars] + marker };
    }
}
