using System.Globalization;
using System.Text.Json;
using OpenClaw.Gateway.Http;

namespace OpenClaw.Gateway.Webhooks;

/// <summary>
/// <c>POST /hooks/wake</c>, <c>/hooks/agent</c> and mapped <c>/hooks/&lt;name&gt;</c> (spec §10.2). Checks, in order:
/// token in the query (400), the shared failed-auth limiter (429), the hook token from <c>Authorization: Bearer</c> or
/// <c>x-openclaw-token</c> (401), the body size (413) and JSON (400); only then is anything run. Errors are
/// <c>{ok:false, error}</c> with a message saying what to fix.
/// </summary>
public sealed class HooksEndpoint(HooksSettings settings, AuthRateLimiter limiter, HookDispatcher dispatcher, TimeProvider time, ILogger<HooksEndpoint> logger)
{
    private const string LimiterScope = "hooks";

    /// <summary>True when the request is under the hooks path and was answered here.</summary>
    public async Task<bool> TryHandleAsync(HttpContext http)
    {
        var basePath = settings.BasePath;
        if (Section(http, basePath) is not { } name || http.Request.Method is not ("POST" or "GET" or "PUT" or "PATCH" or "DELETE"))
        {
            return false;
        }

        if (!settings.Enabled)
        {
            if (settings.Problem is { } problem)
            {
                logger.LogError("hooks are enabled but off: {Problem}", problem);
                await Error(http, StatusCodes.Status503ServiceUnavailable, $"webhooks are misconfigured: {problem}");
                return true;
            }

            return false; // hooks off: the path is just not found
        }

        if (!HttpMethods.IsPost(http.Request.Method))
        {
            http.Response.Headers.Allow = "POST";
            await Error(http, StatusCodes.Status405MethodNotAllowed, "webhooks take POST with a JSON body");
            return true;
        }

        if (http.Request.Query.ContainsKey("token"))
        {
            await Error(http, StatusCodes.Status400BadRequest, "tokens in the query string are refused; send Authorization: Bearer <hooks.token> or x-openclaw-token");
            return true;
        }

        var client = http.Connection.RemoteIpAddress;
        if (limiter.RetryAfter(client, LimiterScope) is { } wait)
        {
            await TooManyAttempts(http, wait);
            return true;
        }

        if (!GatewayAuth.FixedTimeEquals(PresentedToken(http), settings.Token))
        {
            if (limiter.RecordFailure(client, LimiterScope) is { } lockout)
            {
                await TooManyAttempts(http, lockout);
                return true;
            }

            await Error(http, StatusCodes.Status401Unauthorized, "Unauthorized: send the hook token as Authorization: Bearer <hooks.token> or x-openclaw-token");
            return true;
        }

        limiter.RecordSuccess(client, LimiterScope);
        var (payload, status, error) = await ReadBodyAsync(http);
        if (error is not null)
        {
            await Error(http, status, error);
            return true;
        }

        await RouteAsync(http, name, payload);
        return true;
    }

    private async Task RouteAsync(HttpContext http, string name, JsonElement payload)
    {
        var ct = http.RequestAborted;
        switch (name)
        {
            case "wake":
                if (Str(payload, "text") is not { Length: > 0 } text)
                {
                    await Error(http, StatusCodes.Status400BadRequest, "text is required: {\"text\": \"what happened\", \"mode\": \"now\"}");
                    return;
                }

                var mode = Str(payload, "mode") ?? "now";
                await dispatcher.WakeAsync(text, null, ct);
                await Results.Json(new { ok = true, mode }).ExecuteAsync(http);
                return;
            case "agent":
                if (Str(payload, "message") is not { Length: > 0 } message)
                {
                    await Error(http, StatusCodes.Status400BadRequest, "message is required: {\"message\": \"what the agent should do\"}");
                    return;
                }

                await StartAgentAsync(http, message, Str(payload, "name"), Str(payload, "agentId"), Str(payload, "sessionKey"), requestSessionKey: true,
                    Bool(payload, "deliver") ?? true, Str(payload, "channel"), Str(payload, "to"), Str(payload, "model"), Int(payload, "timeoutSeconds"));
                return;
        }

        var mapping = settings.Mappings.FirstOrDefault(m => m.Matches(name, payload));
        if (mapping is null)
        {
            await Error(http, StatusCodes.Status404NotFound, $"no hook named '{name}': use {settings.BasePath}/wake, {settings.BasePath}/agent or add hooks.mappings[] with match.path \"{name}\"");
            return;
        }

        var now = time.GetUtcNow();
        if (mapping.Action == "wake")
        {
            var text = HookTemplate.Render(mapping.TextTemplate ?? mapping.MessageTemplate ?? "{{text}}", payload, now);
            await dispatcher.WakeAsync(string.IsNullOrWhiteSpace(text) ? payload.GetRawText() : text, mapping.Name ?? name, ct);
            await Results.Json(new { ok = true, mode = mapping.WakeMode ?? "now" }).ExecuteAsync(http);
            return;
        }

        var rendered = mapping.MessageTemplate is { } template ? HookTemplate.Render(template, payload, now) : payload.GetRawText();
        var sessionKey = mapping.SessionKey is { } keyTemplate ? HookTemplate.Render(keyTemplate, payload, now) : null;
        await StartAgentAsync(http, rendered, mapping.Name ?? name, mapping.AgentId, sessionKey, requestSessionKey: false,
            mapping.Deliver ?? true, mapping.Channel, mapping.To, mapping.Model, mapping.TimeoutSeconds);
    }

    private async Task StartAgentAsync(HttpContext http, string message, string? name, string? agentId, string? sessionKey,
        bool requestSessionKey, bool deliver, string? channel, string? to, string? model, int? timeoutSeconds)
    {
        if (agentId is not null && !settings.IsAgentAllowed(agentId))
        {
            await Error(http, StatusCodes.Status400BadRequest, $"agentId '{agentId}' is not in hooks.allowedAgentIds");
            return;
        }

        if (requestSessionKey && sessionKey is not null && !settings.AllowRequestSessionKey)
        {
            await Error(http, StatusCodes.Status400BadRequest, "sessionKey in the request is refused: set hooks.allowRequestSessionKey: true to allow it");
            return;
        }

        if (sessionKey is not null && !settings.AllowedSessionKeyPrefixes.Any(p => sessionKey.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
        {
            await Error(http, StatusCodes.Status400BadRequest,
                $"sessionKey '{sessionKey}' must start with one of hooks.allowedSessionKeyPrefixes ({string.Join(", ", settings.AllowedSessionKeyPrefixes)})");
            return;
        }

        sessionKey ??= settings.DefaultSessionKey;
        var runId = await dispatcher.RunAgentAsync(new HookAgentRequest(message, name, agentId, sessionKey, deliver, channel, to, model, timeoutSeconds), http.RequestAborted);
        await Results.Json(new { ok = true, runId }, statusCode: StatusCodes.Status202Accepted).ExecuteAsync(http);
    }

    private async Task<(JsonElement Payload, int Status, string? Error)> ReadBodyAsync(HttpContext http)
    {
        var max = settings.MaxBodyBytes;
        var tooLarge = $"body larger than hooks.maxBodyBytes ({max.ToString(CultureInfo.InvariantCulture)} bytes); send less or raise the limit";
        if (http.Request.ContentLength > max)
        {
            return (default, StatusCodes.Status413PayloadTooLarge, tooLarge);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return (default, StatusCodes.Status413PayloadTooLarge, tooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return (default, StatusCodes.Status400BadRequest, "the body is empty; send a JSON object");
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.ToArray());
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? (document.RootElement.Clone(), StatusCodes.Status200OK, null)
                : (default, StatusCodes.Status400BadRequest, "the body must be a JSON object");
        }
        catch (JsonException ex)
        {
            return (default, StatusCodes.Status400BadRequest, $"the body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine}): {ex.Message.Split(" LineNumber", 2)[0]}");
        }
    }

    private static string? Section(HttpContext http, string basePath)
    {
        var path = http.Request.Path.Value ?? "";
        if (basePath.Length == 0 || !path.StartsWith(basePath + "/", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var name = path[(basePath.Length + 1)..].Trim('/');
        return name.Length == 0 ? null : name;
    }

    private static string? PresentedToken(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return http.Request.Headers["x-openclaw-token"].ToString() is { Length: > 0 } token ? token.Trim() : null;
    }

    private static Task Error(HttpContext http, int status, string message) =>
        Results.Json(new { ok = false, error = message }, statusCode: status).ExecuteAsync(http);

    private static Task TooManyAttempts(HttpContext http, TimeSpan wait)
    {
        http.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return Error(http, StatusCodes.Status429TooManyRequests, "too many failed hook authentication attempts; retry later");
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool? Bool(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    private static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;
}
