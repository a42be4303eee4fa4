using System.Text.Json;
using OpenClaw.Gateway.Sessions;

namespace OpenClaw.Gateway.Tools.Sessions;

/// <summary>
/// <c>sessions_history</c>: the last messages of a visible session, bounded (count and characters per message);
/// tool calls and results only with <c>includeTools</c>.
/// </summary>
public sealed class SessionsHistoryTool(SessionToolsAccess access) : IAgentTool
{
    private const int MaxCharsPerMessage = 4000;

    public string Name => "sessions_history";

    public string Description => "Read the recent messages of another session (or this one) that you can see.";

    public JsonElement ParametersSchema { get; } = ToolSchema.Parse("""
        {
          "type": "object",
          "properties": {
            "sessionKey": { "type": "string", "description": "Session key (from sessions_list)" },
            "limit": { "type": "number", "description": "Number of most recent messages (default 20, max 200)" },
            "includeTools": { "type": "boolean", "description": "Include tool calls and results" }
          },
          "required": ["sessionKey"]
        }
        """);

    public async Task<ToolResult> InvokeAsync(JsonElement arguments, ToolContext context, CancellationToken cancellationToken)
    {
        var args = new ToolArguments(Name, arguments);
        var key = SessionKeys.Normalize(args.RequireString("sessionKey", "session_key", "key"), context.AgentId);
        var limit = Math.Clamp(args.GetInt("limit") ?? 20, 1, 200);
        var includeTools = args.GetBool("includeTools");
        await access.EnsureVisibleAsync(context, key, cancellationToken).ConfigureAwait(false);

        var store = access.StoreFor(key, context.AgentId);
        if (await store.GetAsync(key, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new ToolException($"No session found for {key}. Use sessions_list to see the sessions you can read.");
        }

        var messages = (await store.ReadTranscriptAsync(key, cancellationToken).ConfigureAwait(false))
            .Select(e => e.Message)
            .OfType<TranscriptMessage>()
            .Where(m => includeTools || m.Role is "user" or "assistant")
            .Select(m => Render(m, includeTools))
            .Where(m => m is not null)
            .TakeLast(limit)
            .ToList();
        return new ToolResult(JsonSerializer.Serialize(new { sessionKey = key, count = messages.Count, messages }, ToolSchema.JsonOptions));
    }

    private static object? Render(TranscriptMessage message, bool includeTools)
    {
        var text = message.Text;
        if (message.Role == "toolResult")
        {
            return new { role = "toolResult", toolName = message.ToolName, isError = message.IsError, text = Bound(text) };
        }

        var toolCalls = includeTools
            ? message.Content.Where(c => c.Type == "toolCall").Select(c => new { name = c.Name, arguments = c.Arguments }).ToList()
            : null;
        if (text.Length == 0 && toolCalls is not { Count: > 0 })
        {
            return null;
        }

        return new { role = message.Role, text = Bound(text), timestamp = message.Timestamp, toolCalls = toolCalls is { Count: > 0 } ? toolCalls : null };
    }

    private static string Bound(string text) =>
        text.Length <= MaxCharsPerMessage ? text : text[..MaxCharsPerMessage] + $"… [{text.Length - MaxCharsPerMessage} more characters]";
}
