using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenClaw.ChannelWorkers.Pipeline;

namespace OpenClaw.ChannelWorkers.Discord;

/// <summary>
/// Discord REST v10 for sending: <c>Authorization: Bot &lt;token&gt;</c>, per-route rate-limit buckets from the
/// <c>X-RateLimit-Remaining</c>/<c>X-RateLimit-Reset-After</c> headers, and 429 <c>retry_after</c> waited out.
/// </summary>
internal sealed partial class DiscordRestClient(HttpClient http, DiscordAccountOptions options, string token, ILogger logger)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _bucketResets = new(StringComparer.Ordinal);

    public Task<JsonObject?> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
        SendCoreAsync(method, path, body is null ? () => null : () => JsonContent.Create(body), cancellationToken);

    /// <summary>
    /// A message with files: <c>multipart/form-data</c> with <c>payload_json</c> (its <c>attachments</c> list the
    /// files by id) and one <c>files[n]</c> part per file, as Discord documents for uploads.
    /// </summary>
    public Task<JsonObject?> SendFilesAsync(string path, JsonObject payload, IReadOnlyList<Media.LoadedMedia> files, CancellationToken cancellationToken)
    {
        payload["attachments"] = new JsonArray([.. files.Select((f, i) => (JsonNode)new JsonObject { ["id"] = i, ["filename"] = f.FileName })]);
        return SendCoreAsync(HttpMethod.Post, path, () =>
        {
            var form = new MultipartFormDataContent();
            form.Add(new StringContent(payload.ToJsonString(), System.Text.Encoding.UTF8, "application/json"), "payload_json");
            for (var i = 0; i < files.Count; i++)
            {
                var part = new ByteArrayContent(files[i].Content);
                part.Headers.ContentType = new MediaTypeHeaderValue(files[i].MimeType);
                form.Add(part, $"files[{i}]", files[i].FileName);
            }

            return form;
        }, cancellationToken);
    }

    private async Task<JsonObject?> SendCoreAsync(HttpMethod method, string path, Func<HttpContent?> content, CancellationToken cancellationToken)
    {
        var route = RouteKey(path);
        for (var attempt = 1; ; attempt++)
        {
            if (_bucketResets.TryGetValue(route, out var reset) && reset > DateTimeOffset.UtcNow)
            {
                // The bucket is exhausted: wait for it instead of collecting a 429.
                await Task.Delay(reset - DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
            }

            using var request = new HttpRequestMessage(method, $"{options.ApiBaseUrl.TrimEnd('/')}/{path.TrimStart('/')}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bot", token);
            request.Headers.UserAgent.ParseAdd("DiscordBot (https://github.com/openclaw/openclaw, 1.0)");
            // A fresh body per attempt: a 429 retry sends the request again.
            request.Content = content();

            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            RememberBucket(route, response);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < 5)
            {
                var retryAfter = RetryAfter(text, response);
                LogRateLimited(route, retryAfter);
                await Task.Delay(retryAfter, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (response.IsSuccessStatusCode)
            {
                return text.Length > 0 ? JsonNode.Parse(text) as JsonObject : null;
            }

            var message = $"Discord answered {(int)response.StatusCode} to {method} {route}: {Describe(text)}";
            throw response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => new ChannelFatalException(message + "; check channels.discord.token"),
                HttpStatusCode.BadRequest or HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.RequestEntityTooLarge
                    => new ChannelSendException(message, permanent: true),
                _ => new ChannelSendException(message, permanent: false),
            };
        }
    }

    private void RememberBucket(string route, HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("X-RateLimit-Remaining", out var remaining) && remaining.FirstOrDefault() == "0"
            && response.Headers.TryGetValues("X-RateLimit-Reset-After", out var resetAfter)
            && double.TryParse(resetAfter.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            _bucketResets[route] = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(seconds);
        }
    }

    private static TimeSpan RetryAfter(string body, HttpResponseMessage response)
    {
        try
        {
            if (JsonNode.Parse(body)?["retry_after"] is JsonValue value && value.TryGetValue<double>(out var seconds))
            {
                return TimeSpan.FromSeconds(Math.Clamp(seconds, 0, 60));
            }
        }
        catch (JsonException)
        {
        }

        return response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
    }

    private static string Describe(string body)
    {
        try
        {
            var node = JsonNode.Parse(body);
            return $"{node?["message"]} (code {node?["code"]})";
        }
        catch (JsonException)
        {
            return body.Length > 200 ? body[..200] : body;
        }
    }

    // Buckets are per route with major parameters (the channel id), as Discord documents.
    private static string RouteKey(string path)
    {
        var parts = path.Trim('/').Split('/');
        return parts.Length >= 2 ? $"{parts[0]}/{parts[1]}/{(parts.Length > 2 ? parts[2] : "")}" : path;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Discord rate limit on {Route}: waiting {Delay}")]
    private partial void LogRateLimited(string route, TimeSpan delay);
}
