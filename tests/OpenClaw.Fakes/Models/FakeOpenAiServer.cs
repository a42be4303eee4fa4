using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OpenClaw.Fakes.Models;

/// <summary>
/// Fake OpenAI Chat Completions API (<c>POST /v1/chat/completions</c>, <c>GET /v1/models</c>) following the public
/// API reference: bearer auth, JSON and SSE chunk streams (<c>data: {...}</c> … <c>data: [DONE]</c>), streamed
/// <c>tool_calls</c> with index/id/function.arguments pieces, usage (also as the last chunk when
/// <c>stream_options.include_usage</c>), and error bodies <c>{"error":{"message","type","param","code"}}</c>.
/// </summary>
public sealed class FakeOpenAiServer : FakeModelServer
{
    public override string BaseUrl => Url + "/v1";

    public static async Task<FakeOpenAiServer> StartNewAsync(string? apiKey = "test-key")
    {
        var server = new FakeOpenAiServer { ExpectedApiKey = apiKey };
        await server.StartAsync().ConfigureAwait(false);
        return server;
    }

    protected override void Map(WebApplication app)
    {
        app.MapPost("/v1/chat/completions", CompletionsAsync);
        app.MapGet("/v1/models", () => Results.Json(new { @object = "list", data = new[] { new { id = "gpt-test", @object = "model", created = 0, owned_by = "fake" } } }));
    }

    public override string LastUserText(JsonObject body)
    {
        var last = (body["messages"] as JsonArray)?.LastOrDefault(m => m?["role"]?.GetValue<string>() == "user")?["content"];
        return last switch
        {
            JsonValue v => v.GetValue<string>(),
            JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>())),
            _ => "",
        };
    }

    private async Task CompletionsAsync(HttpContext http)
    {
        using var _ = Track();
        var auth = http.Request.Headers.Authorization.ToString();
        if (ExpectedApiKey is not null && auth != $"Bearer {ExpectedApiKey}")
        {
            await Error(http, new ErrorReply(401, "invalid_request_error", "Incorrect API key provided.", null), "invalid_api_key").ConfigureAwait(false);
            return;
        }

        var (body, reply) = await ReceiveAsync(http).ConfigureAwait(false);
        var model = body["model"]?.GetValue<string>() ?? "gpt-test";
        var stream = body["stream"]?.GetValue<bool>() == true;
        var includeUsage = body["stream_options"]?["include_usage"]?.GetValue<bool>() == true;
        var id = $"chatcmpl-{Guid.NewGuid():N}";
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        switch (reply)
        {
            case ErrorReply error:
                await Error(http, error, error.Status == 429 ? "rate_limit_exceeded" : null).ConfigureAwait(false);
                return;
            case TextReply text when !stream:
                await http.Response.WriteAsJsonAsync(Completion(id, created, model, new JsonObject { ["role"] = "assistant", ["content"] = text.Content, ["refusal"] = null }, "stop", text.InputTokens, text.OutputTokens)).ConfigureAwait(false);
                return;
            case ToolCallReply calls when !stream:
                var toolCalls = new JsonArray([.. calls.Calls.Select(c => (JsonNode)new JsonObject { ["id"] = c.Id, ["type"] = "function", ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.ArgumentsJson } })]);
                await http.Response.WriteAsJsonAsync(Completion(id, created, model, new JsonObject { ["role"] = "assistant", ["content"] = null, ["tool_calls"] = toolCalls }, "tool_calls", calls.InputTokens, calls.OutputTokens)).ConfigureAwait(false);
                return;
        }

        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        await Chunk(http, id, created, model, new JsonObject { ["role"] = "assistant", ["content"] = "" }, null).ConfigureAwait(false);
        switch (reply)
        {
            case TextReply text:
                foreach (var piece in Split(text.Content, text.Chunks))
                {
                    await Chunk(http, id, created, model, new JsonObject { ["content"] = piece }, null).ConfigureAwait(false);
                }

                await Finish(http, id, created, model, "stop", includeUsage, text.InputTokens, text.OutputTokens).ConfigureAwait(false);
                break;
            case ToolCallReply calls:
                for (var i = 0; i < calls.Calls.Count; i++)
                {
                    var call = calls.Calls[i];
                    await Chunk(http, id, created, model, new JsonObject { ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = i, ["id"] = call.Id, ["type"] = "function", ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = "" } }) }, null).ConfigureAwait(false);
                    foreach (var piece in Split(call.ArgumentsJson, 2))
                    {
                        await Chunk(http, id, created, model, new JsonObject { ["tool_calls"] = new JsonArray(new JsonObject { ["index"] = i, ["function"] = new JsonObject { ["arguments"] = piece } }) }, null).ConfigureAwait(false);
                    }
                }

                await Finish(http, id, created, model, "tool_calls", includeUsage, calls.InputTokens, calls.OutputTokens).ConfigureAwait(false);
                break;
            case HangReply hang:
                if (hang.Prefix.Length > 0)
                {
                    await Chunk(http, id, created, model, new JsonObject { ["content"] = hang.Prefix }, null).ConfigureAwait(false);
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

    private static JsonObject Completion(string id, long created, string model, JsonObject message, string finish, int input, int output) => new()
    {
        ["id"] = id,
        ["object"] = "chat.completion",
        ["created"] = created,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["logprobs"] = null, ["finish_reason"] = finish }),
        ["usage"] = Usage(input, output),
        ["system_fingerprint"] = "fp_fake",
    };

    private static JsonObject Usage(int input, int output) => new() { ["prompt_tokens"] = input, ["completion_tokens"] = output, ["total_tokens"] = input + output };

    private static Task Chunk(HttpContext http, string id, long created, string model, JsonObject delta, string? finish) =>
        WriteSseAsync(http.Response, null, new JsonObject
        {
            ["id"] = id,
            ["object"] = "chat.completion.chunk",
            ["created"] = created,
            ["model"] = model,
            ["system_fingerprint"] = "fp_fake",
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["logprobs"] = null, ["finish_reason"] = finish }),
        }.ToJsonString());

    private static async Task Finish(HttpContext http, string id, long created, string model, string finish, bool includeUsage, int input, int output)
    {
        await Chunk(http, id, created, model, [], finish).ConfigureAwait(false);
        if (includeUsage)
        {
            await WriteSseAsync(http.Response, null, new JsonObject { ["id"] = id, ["object"] = "chat.completion.chunk", ["created"] = created, ["model"] = model, ["choices"] = new JsonArray(), ["usage"] = Usage(input, output) }.ToJsonString()).ConfigureAwait(false);
        }

        await http.Response.WriteAsync("data: [DONE]\n\n").ConfigureAwait(false);
    }

    private static async Task Error(HttpContext http, ErrorReply error, string? code)
    {
        var status = error.Status == 529 ? 503 : error.Status;
        http.Response.StatusCode = status;
        if (error.RetryAfterSeconds is { } retry)
        {
            http.Response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
            http.Response.Headers["x-ratelimit-remaining-requests"] = "0";
            http.Response.Headers["x-ratelimit-reset-requests"] = $"{retry}s";
        }

        var type = status switch
        {
            429 => "requests",
            401 => "invalid_request_error",
            >= 500 => "server_error",
            _ => error.Type,
        };
        await http.Response.WriteAsync(JsonSerializer.Serialize(new { error = new { message = error.Message, type, param = (string?)null, code } })).ConfigureAwait(false);
    }
}
