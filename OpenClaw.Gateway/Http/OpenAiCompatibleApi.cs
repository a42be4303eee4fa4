using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenClaw.Gateway.Agents;
using OpenClaw.Gateway.Config;
using OpenClaw.Gateway.Runs;

namespace OpenClaw.Gateway.Http;

/// <summary>
/// OpenAI-compatible HTTP API (spec §1.4): <c>GET /v1/models</c> lists agent targets, <c>POST /v1/chat/completions</c>
/// runs a turn through the normal agent path (JSON or SSE). <c>model</c> is <c>openclaw</c>, <c>openclaw/default</c> or
/// <c>openclaw/&lt;agentId&gt;</c>; headers <c>x-openclaw-agent-id</c>, <c>x-openclaw-session-key</c>, <c>x-openclaw-model</c>.
/// </summary>
public static class OpenAiCompatibleApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public static IEndpointRouteBuilder MapOpenAiCompatibleApi(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1").RequireGatewayAuth();
        v1.MapGet("/models", ListModels);
        v1.MapGet("/models/{*id}", GetModel);
        v1.MapPost("/chat/completions", ChatCompletionsAsync);
        return app;
    }

    private static IResult ListModels(IAgentCatalog agents) =>
        Results.Json(new { @object = "list", data = ModelIds(agents).Select(ModelObject) });

    private static IResult GetModel(string id, IAgentCatalog agents) =>
        ModelIds(agents).Contains(id, StringComparer.Ordinal)
            ? Results.Json(ModelObject(id))
            : OpenAiErrors.Create(404, $"The model '{id}' does not exist", "model_not_found");

    private static async Task<IResult> ChatCompletionsAsync(HttpContext http, IConfigStore config, IAgentCatalog agents, IAgentRunner runner, IRunEvents events)
    {
        if (!config.Current.Config.Gateway.Http.Endpoints.ChatCompletions.Enabled)
        {
            return OpenAiErrors.Create(404, "The chat completions endpoint is disabled: set gateway.http.endpoints.chatCompletions.enabled = true", "endpoint_disabled");
        }

        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            return OpenAiErrors.Create(400, $"Request body is not valid JSON: {ex.Message}");
        }

        if (body is not JsonObject request || request["messages"] is not JsonArray messages || messages.Count == 0)
        {
            return OpenAiErrors.Create(400, "'messages' must be a non-empty array", "invalid_messages");
        }

        var model = request["model"]?.GetValue<string>() ?? "openclaw";
        var agentId = http.Request.Headers["x-openclaw-agent-id"].FirstOrDefault() is { Length: > 0 } header ? header : AgentFromModel(model);
        if (agentId is null)
        {
            return OpenAiErrors.Create(404, $"The model '{model}' does not exist: use openclaw, openclaw/default or openclaw/<agentId>", "model_not_found");
        }

        ResolvedAgent agent;
        try
        {
            agent = agentId == "default" ? agents.Resolve(null) : agents.Resolve(agentId);
        }
        catch (KeyNotFoundException ex)
        {
            return OpenAiErrors.Create(404, ex.Message, "model_not_found");
        }

        var (prompt, system) = PromptFrom(messages);
        if (prompt.Length == 0)
        {
            return OpenAiErrors.Create(400, "no user message with text content in 'messages'", "invalid_messages");
        }

        var sessionKey = http.Request.Headers["x-openclaw-session-key"].FirstOrDefault() is { Length: > 0 } sk ? sk
            : request["user"]?.GetValue<string>() is { Length: > 0 } user ? $"openai-user:{user}"
            : $"openai:{Guid.NewGuid()}";
        var runId = $"chatcmpl-{Guid.NewGuid():N}";
        var runRequest = new AgentRunRequest
        {
            AgentId = agent.Id,
            SessionKey = sessionKey,
            Message = prompt,
            ExtraSystemPrompt = system,
            RunId = runId,
            ModelOverride = http.Request.Headers["x-openclaw-model"].FirstOrDefault() is { Length: > 0 } m ? m : null,
        };
        var stream = request["stream"] is JsonValue s && s.TryGetValue<bool>(out var b) && b;
        var includeUsage = request["stream_options"]?["include_usage"] is JsonValue u && u.TryGetValue<bool>(out var iu) && iu;
        return stream
            ? await StreamAsync(http, runner, events, runRequest, model, includeUsage).ConfigureAwait(false)
            : await CompleteAsync(http, runner, runRequest, model).ConfigureAwait(false);
    }

    private static async Task<IResult> CompleteAsync(HttpContext http, IAgentRunner runner, AgentRunRequest request, string model)
    {
        var accepted = await runner.StartAsync(request, http.RequestAborted).ConfigureAwait(false);
        using var abortOnDisconnect = http.RequestAborted.Register(() => runner.Abort(accepted.RunId, "client disconnected"));
        var result = await runner.WaitAsync(accepted.RunId, Timeout.InfiniteTimeSpan, http.RequestAborted).ConfigureAwait(false);
        if (result is null || result.Status != "ok")
        {
            var message = result?.Error ?? (result?.Status == "aborted" ? "the run was aborted" : "the run did not finish");
            return OpenAiErrors.Create(result?.ErrorKind == "rate_limit" ? 429 : 502, message, result?.ErrorKind ?? "run_failed", "api_error");
        }

        var usage = result.Usage ?? new RunUsage(0, 0, 0, 0);
        return Results.Json(
            new
            {
                id = accepted.RunId,
                @object = "chat.completion",
                created = result.StartedAt.ToUnixTimeSeconds(),
                model,
                choices = new[] { new { index = 0, message = new { role = "assistant", content = result.Text ?? "" }, finish_reason = FinishReason(result.StopReason) } },
                usage = new { prompt_tokens = usage.Input, completion_tokens = usage.Output, total_tokens = usage.Total },
            },
            Json);
    }

    private static async Task<IResult> StreamAsync(HttpContext http, IAgentRunner runner, IRunEvents events, AgentRunRequest request, string model, bool includeUsage)
    {
        using var subscription = events.Subscribe(e => e.RunId == request.RunId);
        var accepted = await runner.StartAsync(request, http.RequestAborted).ConfigureAwait(false);
        var created = accepted.AcceptedAt.ToUnixTimeSeconds();
        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.StartAsync(http.RequestAborted).ConfigureAwait(false);
        var roleSent = false;
        try
        {
            await foreach (var e in subscription.Reader.ReadAllAsync(http.RequestAborted).ConfigureAwait(false))
            {
                switch (e)
                {
                    case AssistantDelta delta:
                        await WriteChunkAsync(response, Chunk(accepted.RunId, created, model, roleSent ? new { content = delta.Delta } : new { role = "assistant", content = delta.Delta }, null), http.RequestAborted).ConfigureAwait(false);
                        roleSent = true;
                        break;
                    case RunCompleted done:
                        if (!roleSent && done.Text.Length > 0)
                        {
                            await WriteChunkAsync(response, Chunk(accepted.RunId, created, model, new { role = "assistant", content = done.Text }, null), http.RequestAborted).ConfigureAwait(false);
                        }

                        await WriteChunkAsync(response, Chunk(accepted.RunId, created, model, new { }, FinishReason(done.StopReason)), http.RequestAborted).ConfigureAwait(false);
                        if (includeUsage)
                        {
                            await WriteChunkAsync(response, new { id = accepted.RunId, @object = "chat.completion.chunk", created, model, choices = Array.Empty<object>(), usage = new { prompt_tokens = done.Usage.Input, completion_tokens = done.Usage.Output, total_tokens = done.Usage.Total } }, http.RequestAborted).ConfigureAwait(false);
                        }

                        await WriteDoneAsync(response, http.RequestAborted).ConfigureAwait(false);
                        return Results.Empty;
                    case RunFailed failed:
                        await WriteChunkAsync(response, new { error = new { message = failed.ErrorMessage, type = "api_error", code = failed.ErrorKind } }, http.RequestAborted).ConfigureAwait(false);
                        await WriteDoneAsync(response, http.RequestAborted).ConfigureAwait(false);
                        return Results.Empty;
                    case RunAborted:
                        await WriteChunkAsync(response, Chunk(accepted.RunId, created, model, new { }, "stop"), http.RequestAborted).ConfigureAwait(false);
                        await WriteDoneAsync(response, http.RequestAborted).ConfigureAwait(false);
                        return Results.Empty;
                }
            }
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            runner.Abort(accepted.RunId, "client disconnected");
        }

        return Results.Empty;
    }

    private static object Chunk(string id, long created, string model, object delta, string? finishReason) =>
        new { id, @object = "chat.completion.chunk", created, model, choices = new[] { new { index = 0, delta, finish_reason = finishReason } } };

    private static async Task WriteChunkAsync(HttpResponse response, object payload, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(payload, Json);
        await response.Body.WriteAsync("data: "u8.ToArray(), cancellationToken).ConfigureAwait(false);
        await response.Body.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await response.Body.WriteAsync("\n\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteDoneAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync("data: [DONE]\n\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The last user message is the turn; system messages become extra system prompt; earlier turns are quoted as context.</summary>
    private static (string Prompt, string? System) PromptFrom(JsonArray messages)
    {
        var system = new StringBuilder();
        var history = new StringBuilder();
        var lastUser = -1;
        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i]?["role"]?.GetValue<string>() == "user")
            {
                lastUser = i;
            }
        }

        for (var i = 0; i < messages.Count; i++)
        {
            var role = messages[i]?["role"]?.GetValue<string>();
            var text = TextOf(messages[i]?["content"]);
            if (role is "system" or "developer")
            {
                system.AppendLine(text);
            }
            else if (i < lastUser && text.Length > 0)
            {
                history.Append(role).Append(": ").AppendLine(text);
            }
        }

        var prompt = lastUser >= 0 ? TextOf(messages[lastUser]?["content"]) : "";
        if (history.Length > 0 && prompt.Length > 0)
        {
            prompt = $"[Chat messages since your last reply - for context]\n{history}\n[Current message - respond to this]\n{prompt}";
        }

        return (prompt, system.Length > 0 ? system.ToString().Trim() : null);
    }

    private static string TextOf(JsonNode? content) => content switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonArray parts => string.Concat(parts.Where(p => p?["type"]?.GetValue<string>() == "text").Select(p => p?["text"]?.GetValue<string>())),
        _ => "",
    };

    private static string? AgentFromModel(string model) => model switch
    {
        "openclaw" or "openclaw/default" => "default",
        _ when model.StartsWith("openclaw/", StringComparison.Ordinal) => model["openclaw/".Length..],
        _ when model.StartsWith("openclaw:", StringComparison.Ordinal) => model["openclaw:".Length..],
        _ when model.StartsWith("agent:", StringComparison.Ordinal) => model["agent:".Length..],
        _ => null,
    };

    private static string FinishReason(string? stopReason) => stopReason switch
    {
        "length" => "length",
        "toolUse" => "tool_calls",
        _ => "stop",
    };

    private static IEnumerable<string> ModelIds(IAgentCatalog agents) =>
        new[] { "openclaw", "openclaw/default" }.Concat(agents.List().Select(a => $"openclaw/{a.Id}"));

    private static object ModelObject(string id) => new { id, @object = "model", created = 0, owned_by = "openclaw" };
}
