using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using OpenClaw.Gateway.Agents;
using OpenClaw.Gateway.Http;
using OpenClaw.Gateway.Sessions;
using OpenClaw.Gateway.Tools.Policy;

namespace OpenClaw.Gateway.Tools.Http;

/// <summary>
/// <c>POST /tools/invoke</c> (spec §1.4): runs one tool under the session's policy, for scripts and automations.
/// Bearer auth, body at most 2 MB. On top of the policy a hard HTTP deny list applies (tools that execute code,
/// write files or drive other sessions) plus <c>gateway.tools.deny</c>, minus <c>gateway.tools.allow</c>.
/// A tool that is not available answers 404 like upstream.
/// </summary>
public static class ToolsInvokeApi
{
    public const long MaxBodyBytes = 2 * 1024 * 1024;

    /// <summary>Upstream's default hard deny list for HTTP tool invocation.</summary>
    public static IReadOnlyList<string> DefaultHttpDeny { get; } =
    [
        "exec", "spawn", "shell", "fs_write", "fs_delete", "fs_move", "apply_patch", "sessions_spawn", "sessions_send",
        "gateway", "nodes", "cron",
    ];

    public static IEndpointRouteBuilder MapToolsInvokeApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/tools/invoke", InvokeAsync).RequireGatewayAuth();
        return app;
    }

    /// <summary>Whether HTTP may invoke the tool at all: the hard deny list and gateway.tools.deny, minus gateway.tools.allow.</summary>
    public static bool HttpPermits(string tool, AllowDenyOptions gatewayTools)
    {
        var denied = ToolPolicyLayer.Matches(DefaultHttpDeny, tool) || ToolPolicyLayer.Matches(gatewayTools.Deny ?? [], tool);
        return !denied || ToolPolicyLayer.Matches(gatewayTools.Allow ?? [], tool);
    }

    private static async Task<IResult> InvokeAsync(HttpContext http, ToolRegistry registry, ToolConfigSource config, IAgentCatalog agents, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(ToolsInvokeApi));
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return Fail(413, "invalid_request", "request body is larger than 2 MB");
        }

        JsonElement body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<JsonElement>(http.Request.Body, cancellationToken: http.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            return Fail(400, "invalid_request", $"body is not valid JSON: {ex.Message}");
        }
        catch (BadHttpRequestException)
        {
            return Fail(413, "invalid_request", "request body is larger than 2 MB");
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            return Fail(400, "invalid_request", "body must be a JSON object: {tool, action?, args?, sessionKey?, dryRun?}");
        }

        var input = new ToolArguments("tools.invoke", body);
        string? name;
        string? requestedAgent;
        string? requestedSession;
        string? action;
        bool dryRun;
        try
        {
            name = input.GetString("tool", "name")?.Trim();
            requestedAgent = input.GetString("agentId");
            requestedSession = input.GetString("sessionKey");
            action = input.GetString("action");
            dryRun = input.GetBool("dryRun");
        }
        catch (ToolException ex)
        {
            return Fail(400, "invalid_request", ex.Message);
        }

        if (string.IsNullOrEmpty(name))
        {
            return Fail(400, "invalid_request", "tools.invoke requires name");
        }

        var agent = agents.Resolve(requestedAgent ?? SessionKeys.AgentIdOf(requestedSession ?? "") ?? null);
        var sessionKey = SessionKeys.Normalize(requestedSession, agent.Id);
        if (SessionKeys.AgentIdOf(sessionKey) is { } keyAgent && keyAgent != agent.Id)
        {
            return Fail(400, "invalid_request", $"agent id \"{agent.Id}\" does not match session agent \"{keyAgent}\"");
        }

        var context = new ToolContext
        {
            AgentId = agent.Id,
            SessionKey = sessionKey,
            WorkspaceDir = agent.WorkspaceDir,
            Sandboxed = registry.IsSandboxed(agent.Id, sessionKey),
            Channel = http.Request.Headers["x-openclaw-message-channel"].FirstOrDefault(),
            AccountId = http.Request.Headers["x-openclaw-account-id"].FirstOrDefault(),
            To = http.Request.Headers["x-openclaw-message-to"].FirstOrDefault(),
            ThreadId = http.Request.Headers["x-openclaw-thread-id"].FirstOrDefault(),
        };
        var tool = HttpPermits(name, config.GatewayTools)
            ? registry.GetEffectiveTools(context).FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
            : null;
        if (tool is null)
        {
            return Fail(404, "not_found", $"Tool not available: {name}");
        }

        if (dryRun)
        {
            return Results.Json(new { ok = true, result = new { dryRun = true, tool = tool.Name, sessionKey, agentId = agent.Id } });
        }

        var arguments = ArgumentsWithAction(body, action);
        ToolResult result;
        try
        {
            result = await tool.InvokeAsync(arguments, context, http.RequestAborted).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // like upstream: a failing tool is a 500 with a generic message, never a stack trace
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            logger.LogWarning(ex, "tools-invoke: {Tool} failed", tool.Name);
            return Fail(500, "tool_error", "tool execution failed");
        }

        if (result.IsError)
        {
            return Fail(400, "tool_error", result.Text);
        }

        return Results.Json(new
        {
            ok = true,
            result = new
            {
                content = new object[] { new { type = "text", text = result.Text } }
                    .Concat(result.Attachments.Select(a => (object)new { type = "image", data = Convert.ToBase64String(a.Data), mimeType = a.MimeType })),
                details = result.Details,
            },
        });
    }

    /// <summary>The tool's arguments: <c>args</c>, with a top-level <c>action</c> merged in when args has none.</summary>
    private static JsonElement ArgumentsWithAction(JsonElement body, string? action)
    {
        var args = body.TryGetProperty("args", out var a) && a.ValueKind == JsonValueKind.Object ? a : JsonDocument.Parse("{}").RootElement;
        if (action is null || args.TryGetProperty("action", out _))
        {
            return args;
        }

        var merged = System.Text.Json.Nodes.JsonNode.Parse(args.GetRawText())!.AsObject();
        merged["action"] = action;
        return JsonSerializer.SerializeToElement(merged);
    }

    private static IResult Fail(int status, string type, string message) =>
        Results.Json(new { ok = false, error = new { type, message } }, statusCode: status);
}
