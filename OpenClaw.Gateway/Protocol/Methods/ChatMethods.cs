using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenClaw.Gateway.Agents;
using OpenClaw.Gateway.Runs;
using OpenClaw.Gateway.Sessions;

namespace OpenClaw.Gateway.Protocol.Methods;

/// <summary>
/// <c>chat.send</c> (non-blocking ack; a repeated idempotencyKey answers <c>in_flight</c> or <c>ok</c>),
/// <c>chat.history</c> (display-normalised), <c>chat.abort</c>, <c>chat.inject</c>, and the two-stage
/// <c>agent</c> (accepted, then the final result on the same request id) with <c>agent.wait</c>.
/// </summary>
public static partial class ChatMethods
{
    private const int MaxHistory = 1000;
    private const string OmittedTooLarge = "[chat.history omitted: message too large]";

    public static MethodRegistry MapChatMethods(this MethodRegistry methods) => methods
        .Map("chat.send", Send)
        .Map("chat.history", History)
        .Map("chat.abort", Abort)
        .Map("chat.inject", Inject)
        .Map("agent", Agent)
        .Map("agent.wait", Wait);

    private static async Task<object?> Send(MethodContext context)
    {
        var sessionKey = context.RequiredString("sessionKey");
        var message = context.OptionalString("message") ?? throw GatewayMethodException.Invalid("invalid chat.send params: must have required property 'message'");
        var idempotencyKey = context.RequiredString("idempotencyKey");
        var attachments = ChatAttachments.Apply(context.Params is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("attachments", out var a) ? a : null, message, WorkspaceOf(context, sessionKey));
        var accepted = await context.Get<IAgentRunner>().StartAsync(new AgentRunRequest
        {
            SessionKey = sessionKey,
            Message = attachments.Message,
            Attachments = attachments.Images,
            IdempotencyKey = idempotencyKey,
            RunId = idempotencyKey,
            TimeoutSeconds = context.OptionalInt("timeoutMs") is { } ms ? Math.Max(1, ms / 1000) : null,
        }, context.CancellationToken);
        return new { runId = accepted.RunId, status = accepted.Status == "accepted" ? "started" : accepted.Status };
    }

    private static string WorkspaceOf(MethodContext context, string sessionKey)
    {
        var agents = context.Get<IAgentCatalog>();
        return agents.Resolve(SessionKeys.AgentIdOf(SessionKeys.Normalize(sessionKey, agents.DefaultAgentId))).WorkspaceDir;
    }

    private static async Task<object?> History(MethodContext context)
    {
        var requested = context.RequiredString("sessionKey");
        var limit = Math.Clamp(context.OptionalInt("limit") ?? 200, 1, MaxHistory);
        var maxChars = context.OptionalInt("maxChars") is { } mc && mc > 0 ? mc : 100_000;
        var agent = context.Get<IAgentCatalog>();
        var sessionKey = SessionKeys.Normalize(requested, agent.DefaultAgentId);
        var agentId = SessionKeys.AgentIdOf(sessionKey) ?? agent.DefaultAgentId;
        var store = context.Get<ISessionStores>().For(agentId);
        var entry = await store.GetAsync(sessionKey, context.CancellationToken);
        var messages = new JsonArray();
        if (entry is not null)
        {
            var transcript = await store.ReadTranscriptAsync(sessionKey, context.CancellationToken);
            foreach (var node in transcript.Where(t => t.Message is not null).Select(t => DisplayMessage(t.Message!, maxChars)).OfType<JsonObject>().TakeLast(limit))
            {
                messages.Add(node);
            }
        }

        return new JsonObject
        {
            ["sessionKey"] = sessionKey,
            ["sessionId"] = entry?.SessionId,
            ["messages"] = messages,
            ["hasMore"] = false,
            ["totalMessages"] = messages.Count,
            ["defaults"] = SessionMethods.Defaults(context),
        };
    }

    private static Task<object?> Abort(MethodContext context)
    {
        var sessionKey = context.RequiredString("sessionKey");
        var runner = context.Get<IAgentRunner>();
        if (context.OptionalString("runId") is { Length: > 0 } runId)
        {
            var aborted = runner.Abort(runId, "chat.abort");
            return Task.FromResult<object?>(new { ok = true, aborted, runIds = aborted ? new[] { runId } : [] });
        }

        var normalized = SessionKeys.Normalize(sessionKey, context.Get<IAgentCatalog>().DefaultAgentId);
        var runIds = runner.ActiveRuns.Where(r => r.SessionKey == normalized).Select(r => r.RunId).ToArray();
        var count = runner.AbortSession(normalized, "chat.abort");
        return Task.FromResult<object?>(new { ok = true, aborted = count > 0, runIds });
    }

    /// <summary>Appends an assistant note to the transcript without running the model.</summary>
    private static async Task<object?> Inject(MethodContext context)
    {
        var sessionKey = SessionKeys.Normalize(context.RequiredString("sessionKey"), context.Get<IAgentCatalog>().DefaultAgentId);
        var text = context.RequiredString("message");
        var label = context.OptionalString("label");
        var agentId = SessionKeys.AgentIdOf(sessionKey) ?? context.Get<IAgentCatalog>().DefaultAgentId;
        var store = context.Get<ISessionStores>().For(agentId);
        await store.GetOrCreateAsync(sessionKey, cancellationToken: context.CancellationToken);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var appended = await store.AppendMessageAsync(sessionKey, new TranscriptMessage
        {
            Role = "assistant",
            Content = [ContentBlock.FromText(label is { Length: > 0 } ? $"[{label}] {text}" : text)],
            Timestamp = now,
            StopReason = "injected",
        }, context.CancellationToken);
        await context.Get<EventBroadcaster>().BroadcastAsync("sessions.changed", new { sessionKey, agentId, reason = "inject", ts = now });
        return new { ok = true, messageId = appended.Id };
    }

    private static async Task<object?> Agent(MethodContext context)
    {
        var message = context.OptionalString("message") ?? throw GatewayMethodException.Invalid("invalid agent params: must have required property 'message'");
        var idempotencyKey = context.RequiredString("idempotencyKey");
        var timeoutSeconds = context.OptionalInt("timeout");
        var runner = context.Get<IAgentRunner>();
        var accepted = await runner.StartAsync(new AgentRunRequest
        {
            AgentId = context.OptionalString("agentId"),
            SessionKey = context.OptionalString("sessionKey") ?? context.OptionalString("sessionId"),
            Message = message,
            IdempotencyKey = idempotencyKey,
            RunId = idempotencyKey,
            ExtraSystemPrompt = context.OptionalString("extraSystemPrompt"),
            TimeoutSeconds = timeoutSeconds,
        }, context.CancellationToken);
        await context.RespondInterimAsync(new
        {
            runId = accepted.RunId,
            sessionKey = accepted.SessionKey,
            agentId = accepted.AgentId,
            status = "accepted",
            acceptedAt = accepted.AcceptedAt.ToUnixTimeMilliseconds(),
        });

        var wait = TimeSpan.FromSeconds(Math.Max(1, timeoutSeconds ?? 600) + 30);
        var result = await runner.WaitAsync(accepted.RunId, wait, context.CancellationToken)
            ?? throw new GatewayMethodException(new() { Code = Contracts.Protocol.ErrorCodes.AgentTimeout, Message = $"agent run {accepted.RunId} did not finish in time" });
        return new
        {
            runId = result.RunId,
            status = result.Status == "ok" ? "ok" : "error",
            summary = result.Status == "ok" ? "completed" : result.Status,
            error = result.Error,
            result = new
            {
                payloads = string.IsNullOrEmpty(result.Text) ? [] : new[] { new { text = result.Text, mediaUrl = (string?)null } },
                meta = new
                {
                    durationMs = (long)(result.EndedAt - result.StartedAt).TotalMilliseconds,
                    agentMeta = new
                    {
                        sessionId = result.SessionId,
                        provider = result.Provider,
                        model = result.Model,
                        usage = result.Usage is { } u ? new { input = u.Input, output = u.Output, cacheRead = u.CacheRead, cacheWrite = u.CacheWrite, total = u.Total } : null,
                    },
                    aborted = result.Status == "aborted",
                    stopReason = result.StopReason,
                },
            },
        };
    }

    private static async Task<object?> Wait(MethodContext context)
    {
        var runId = context.RequiredString("runId");
        var timeoutMs = Math.Clamp(context.OptionalInt("timeoutMs") ?? 30_000, 0, 600_000);
        var result = await context.Get<IAgentRunner>().WaitAsync(runId, TimeSpan.FromMilliseconds(timeoutMs), context.CancellationToken);
        return result is null
            ? new { runId, status = "timeout", startedAt = (long?)null, endedAt = (long?)null, error = (string?)null }
            : new
            {
                runId,
                status = result.Status == "ok" ? "ok" : result.Status == "timeout" ? "timeout" : "error",
                startedAt = (long?)result.StartedAt.ToUnixTimeMilliseconds(),
                endedAt = (long?)result.EndedAt.ToUnixTimeMilliseconds(),
                error = result.Error,
            };
    }

    /// <summary>
    /// One transcript row as chat.history shows it: directive tags, tool-call XML and control tokens
    /// stripped; the silent NO_REPLY row omitted; oversized rows replaced by a marker.
    /// </summary>
    internal static JsonObject? DisplayMessage(TranscriptMessage message, int maxChars)
    {
        if (message.Role is not ("user" or "assistant" or "toolResult"))
        {
            return null;
        }

        var text = Clean(message.Text);
        if (message.Role == "assistant" && text.Trim() == "NO_REPLY")
        {
            return null;
        }

        if (text.Length > maxChars)
        {
            text = OmittedTooLarge;
        }

        var node = new JsonObject
        {
            ["role"] = message.Role,
            ["content"] = message.Role == "user"
                ? JsonValue.Create(text)
                : new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text }),
            ["timestamp"] = message.Timestamp,
        };
        if (message.StopReason is { } stop)
        {
            node["stopReason"] = stop;
        }

        if (message.Provider is { } provider)
        {
            node["provider"] = provider;
            node["model"] = message.Model;
        }

        if (message.ToolName is { } tool)
        {
            node["toolName"] = tool;
            node["toolCallId"] = message.ToolCallId;
        }

        return node;
    }

    private static string Clean(string text)
    {
        text = DirectiveTags().Replace(text, "");
        text = ToolCallXml().Replace(text, "");
        text = ControlTokens().Replace(text, "");
        return text.Trim();
    }

    [GeneratedRegex(@"\[\[(reply_to[^\]]*|audio_as_voice)\]\]")]
    private static partial Regex DirectiveTags();

    [GeneratedRegex(@"<(tool_call|function_call|tool_use)>[\s\S]*?</\1>")]
    private static partial Regex ToolCallXml();

    [GeneratedRegex(@"<\|[^|>]{1,64}\|>")]
    private static partial Regex ControlTokens();
}
