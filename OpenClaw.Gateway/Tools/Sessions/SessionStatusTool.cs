using System.Globalization;
using System.Text;
using System.Text.Json;
using OpenClaw.Gateway.Sessions;

namespace OpenClaw.Gateway.Tools.Sessions;

/// <summary>
/// <c>session_status</c>: the /status card of this (or a visible) session; <c>model</c> sets the session's model
/// override (<c>model=default</c> clears it).
/// </summary>
public sealed class SessionStatusTool(SessionToolsAccess access) : IAgentTool
{
    public string Name => "session_status";

    public string Description => "Show the status of this session (model, tokens, route); optionally set its model (model=default clears).";

    public JsonElement ParametersSchema { get; } = ToolSchema.Parse("""
        {
          "type": "object",
          "properties": {
            "sessionKey": { "type": "string", "description": "Session key (default: this session)" },
            "model": { "type": "string", "description": "provider/model to use from now on, or 'default' to clear" }
          }
        }
        """);

    public async Task<ToolResult> InvokeAsync(JsonElement arguments, ToolContext context, CancellationToken cancellationToken)
    {
        var args = new ToolArguments(Name, arguments);
        var key = args.GetString("sessionKey", "session_key") is { Length: > 0 } requested ? SessionKeys.Normalize(requested, context.AgentId) : context.SessionKey;
        await access.EnsureVisibleAsync(context, key, cancellationToken).ConfigureAwait(false);
        var store = access.StoreFor(key, context.AgentId);

        if (args.GetString("model") is { Length: > 0 } model)
        {
            var clear = model.Equals("default", StringComparison.OrdinalIgnoreCase);
            var slash = model.IndexOf('/', StringComparison.Ordinal);
            if (!clear && (slash <= 0 || slash == model.Length - 1))
            {
                throw new ToolException($"session_status: model '{model}' is not provider/model (e.g. openai/gpt-5.4), or 'default' to clear.");
            }

            await store.GetOrCreateAsync(key, null, cancellationToken).ConfigureAwait(false);
            await store.PatchAsync(key, entry =>
            {
                entry.ProviderOverride = clear ? null : model[..slash];
                entry.ModelOverride = clear ? null : model[(slash + 1)..];
            }, cancellationToken).ConfigureAwait(false);
        }

        var entry = await store.GetAsync(key, cancellationToken).ConfigureAwait(false)
            ?? throw new ToolException($"No session found for {key}.");
        var card = new StringBuilder();
        card.AppendLine(CultureInfo.InvariantCulture, $"Session: {key}");
        card.AppendLine(CultureInfo.InvariantCulture, $"Session id: {entry.SessionId}");
        var modelText = entry.ModelOverride is not null ? $"{entry.ProviderOverride}/{entry.ModelOverride} (override)"
            : entry.Model is not null ? $"{entry.ModelProvider}/{entry.Model}" : "default";
        card.AppendLine(CultureInfo.InvariantCulture, $"Model: {modelText}");
        card.AppendLine(CultureInfo.InvariantCulture, $"Tokens: {entry.InputTokens ?? 0} in / {entry.OutputTokens ?? 0} out (total {entry.TotalTokens ?? 0})");
        if (entry.LastChannel is not null)
        {
            card.AppendLine(CultureInfo.InvariantCulture, $"Route: {entry.LastChannel} → {entry.LastTo}");
        }

        card.AppendLine(CultureInfo.InvariantCulture, $"Sandboxed: {(context.Sandboxed && key == context.SessionKey ? "yes" : key == context.SessionKey ? "no" : "n/a")}");
        card.Append(CultureInfo.InvariantCulture, $"Updated: {DateTimeOffset.FromUnixTimeMilliseconds(entry.UpdatedAt):u}");
        return new ToolResult(card.ToString())
        {
            Details = ToolSchema.ToElement(new
            {
                sessionKey = key,
                sessionId = entry.SessionId,
                providerOverride = entry.ProviderOverride,
                modelOverride = entry.ModelOverride,
                totalTokens = entry.TotalTokens,
            }),
        };
    }
}
