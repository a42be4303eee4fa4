using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OpenClaw.Fakes.Models;

/// <summary>
/// Fake Anthropic Messages API (<c>POST /v1/messages</c>) following the public API reference: <c>x-api-key</c> (or bearer) and
/// <c>anthropic-version</c> headers, JSON and SSE (<c>message_start</c>, <c>content_block_start/delta/stop</c> with
/// <c>text_delta</c> / <c>input_json_delta</c>, <c>message_delta</c> with stop_reason and usage, <c>message_stop</c>,
/// <c>ping</c>), and error bodies <c>{"type":"error","error":{"type","message"}}</c> (429 rate_limit_error with
/// retry-after, 529 overloaded_error, 500 api_error, 401 authentication_error).
/// </summary>
public sealed class FakeAnthropicServer : FakeModelServer
{
    /// <summary>Anthropic base URLs omit <c>/v1</c>; the client appends it.</summary>
    public override string BaseUrl => Url;

    public static async Task<FakeAnthropicServer> StartNewAsync(string? apiKey = "test-key")
    {
        var server = new FakeAnthropicServer { ExpectedApiKey = apiKey };
        await server.StartAsync().ConfigureAwait(false);
        return server;
    }

    protected override void Map(WebApplication app) => app.MapPost("/v1/messages", MessagesAsync);

    public override string LastUserText(JsonObject body)
    {
        var last = (body["messages"] as JsonArray)?.LastOrDefault(m => m?["role"]?.GetValue<string>() == "user")?["content"];
        return last switch
        {
            JsonValue v => v.GetValue<string>(),
            JsonArray parts => string.Concat(parts.Where(p => p?["type"]?.GetValue<string>() == "text").Select(p => p?["text"]?.GetValue<string>())),
            _ => "",
        };
    }

    private async Task MessagesAsync(HttpContext http)
    {
        using var _ = Track();
        // The API takes the key as x-api-key; current SDKs send it as Authorization: Bearer, which it also accepts.
        var presented = http.Request.Headers["x-api-key"].FirstOrDefault() ?? http.Request.Headers.Authorization.ToString().Replace("Bearer ", "", StringComparison.Ordinal);
        if (ExpectedApiKey is not null && presented != ExpectedApiKey)
        {
            await Error(http, new ErrorReply(401, "authentication_error", "invalid x-api-key", null)).ConfigureAwait(false);
            return;
        }

        if (string.IsNullOrEmpty(http.Request.Headers["anthropic-version"]))
        {
            await Error(http, new ErrorReply(400, "invalid_request_error", "anthropic-version: header is required", null)).ConfigureAwait(false);
            return;
        }

        var (body, reply) = await ReceiveAsync(http).ConfigureAwait(false);
        if (body["max_tokens"] is null)
        {
            await Error(http, new ErrorReply(400, "invalid_request_error", "max_tokens: Field required", null)).ConfigureAwait(false);
            return;
        }

        var model = body["model"]?.GetValue<string>() ?? "claude-test";
        var stream = body["stream"]?.GetValue<bool>() == true;
        var id = $"msg_{Guid.NewGuid():N}"[..28];
        if (reply is ErrorReply error)
        {
            await Error(http, error).ConfigureAwait(false);
            return;
        }

        if (!stream)
        {
            var content = new JsonArray();
            var (stop, input, output) = ("end_turn", 11, 7);
            if (reply is TextReply text)
            {
                content.Add(new JsonObject { ["type"] = "text", ["text"] = text.Content });
                (input, output) = (text.InputTokens, text.OutputTokens);
            }
            else if (reply is ToolCallReply calls)
            {
                foreach (var call in calls.Calls)
                {
                    content.Add(new JsonObject { ["type"] = "tool_use", ["id"] = call.Id, ["name"] = call.Name, ["input"] = JsonNode.Parse(call.ArgumentsJson) });
                }

                (stop, input, output) = ("tool_use", calls.InputTokens, calls.OutputTokens);
            }

            await http.Response.WriteAsJsonAsync(new JsonObject
            {
                ["id"] = id, ["type"] = "message", ["role"] = "assistant", ["model"] = model, ["content"] = content,
                ["stop_reason"] = stop, ["stop_sequence"] = null,
                ["usage"] = new JsonObject { ["input_tokens"] = input, ["output_tokens"] = output },
            }).ConfigureAwait(false);
            return;
        }

        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        var inputTokens = reply switch { TextReply t => t.InputTokens, ToolCallReply c => c.InputTokens, _ => 5 };
        await WriteSseAsync(http.Response, "message_start", new JsonObject
        {
            ["type"] = "message_start",
            ["message"] = new JsonObject
            {
                ["id"] = id, ["type"] = "message", ["role"] = "assistant", ["content"] = new JsonArray(), ["model"] = model,
                ["stop_reason"] = null, ["stop_sequence"] = null,
                ["usage"] = new JsonObject { ["input_tokens"] = inputTokens, ["output_tokens"] = 1 },
            },
        }.ToJsonString()).ConfigureAwait(false);
        await WriteSseAsync(http.Response, "ping", """{"type": "ping"}""").ConfigureAwait(false);
        switch (reply)
        {
            case TextReply text:
                await TextBlock(http, 0, text.Content, text.Chunks).ConfigureAwait(false);
                await End(http, "end_turn", text.OutputTokens).ConfigureAwait(false);
                break;
            case ToolCallReply calls:
                for (var i = 0; i < calls.Calls.Count; i++)
                {
                    var call = calls.Calls[i];
                    await WriteSseAsync(http.Response, "content_block_start", new JsonObject { ["type"] = "content_block_start", ["index"] = i, ["content_block"] = new JsonObject { ["type"] = "tool_use", ["id"] = call.Id, ["name"] = call.Name, ["input"] = new JsonObject() } }.ToJsonString()).ConfigureAwait(false);
                    foreach (var piece in Split(call.ArgumentsJson, 2))
                    {
                        await WriteSseAsync(http.Response, "content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = i, ["delta"] = new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = piece } }.ToJsonString()).ConfigureAwait(false);
                    }

                    await WriteSseAsync(http.Response, "content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = i }.ToJsonString()).ConfigureAwait(false);
                }

                await End(http, "tool_use", calls.OutputTokens).ConfigureAwait(false);
                break;
            case HangReply hang:
                await WriteSseAsync(http.Response, "content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""").ConfigureAwait(false);
                if (hang.Prefix.Length > 0)
                {
                    await WriteSseAsync(http.Response, "content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = 0, ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = hang.Prefix } }.ToJsonString()).ConfigureAwait(false);
                }

                try
                {
                    await Task.Delay(Timeout.Infinite, http.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // The client went away: the point of a hung stream.
                }

                break;
        }
    }

    private static async Task TextBlock(HttpContext http, int index, string text, int chunks)
    {
        await WriteSseAsync(http.Response, "content_block_start", new JsonObject { ["type"] = "content_block_start", ["index"] = index, ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = "" } }.ToJsonString()).ConfigureAwait(false);
        foreach (var piece in Split(text, chunks))
        {
            await WriteSseAsync(http.Response, "content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = index, ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = piece } }.ToJsonString()).ConfigureAwait(false);
        }

        await WriteSseAsync(http.Response, "content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = index }.ToJsonString()).ConfigureAwait(false);
    }

    private static async Task End(HttpContext http, string stopReason, int outputTokens)
    {
        await WriteSseAsync(http.Response, "message_delta", new JsonObject { ["type"] = "message_delta", ["delta"] = new JsonObject { ["stop_reason"] = stopReason, ["stop_sequence"] = null }, ["usage"] = new JsonObject { ["output_tokens"] = outputTokens } }.ToJsonString()).ConfigureAwait(false);
        await WriteSseAsync(http.Response, "message_stop", """{"type":"message_stop"}""").ConfigureAwait(false);
    }

    private static async Task Error(HttpContext http, ErrorReply error)
    {
        http.Response.StatusCode = error.Status;
        http.Response.Headers["request-id"] = $"req_{Guid.NewGuid():N}";
        if (error.RetryAfterSeconds is { } retry)
        {
            http.Response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
            http.Response.Headers["anthropic-ratelimit-requests-remaining"] = "0";
        }

        var type = error.Status switch
        {
            429 => "rate_limit_error",
            529 => "overloaded_error",
            401 => "authentication_error",
            400 => "invalid_request_error",
            >= 500 => "api_error",
            _ => error.Type,
        };
        await http.Response.WriteAsync(JsonSerializer.Serialize(new { type = "error", error = new { type, message = error.Message } })).ConfigureAwait(false);
    }
}
