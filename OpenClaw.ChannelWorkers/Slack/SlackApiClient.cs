using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OpenClaw.ChannelWorkers.Pipeline;

namespace OpenClaw.ChannelWorkers.Slack;

/// <summary>
/// The Slack Web API (<c>POST {apiBaseUrl}/&lt;method&gt;</c>, Bearer token, JSON): <c>{"ok":false,"error":…}</c>
/// sorted into fatal (auth), permanent (channel_not_found, msg_too_long, …) and retryable failures, and
/// HTTP 429 <c>Retry-After</c> waited out.
/// </summary>
internal sealed partial class SlackApiClient(HttpClient http, SlackAccountOptions options, ILogger logger)
{
    private static readonly HashSet<string> AuthErrors = ["invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired", "no_permission", "missing_scope"];

    public Task<JsonObject> CallAsync(string method, string token, JsonObject body, CancellationToken cancellationToken) =>
        CallCoreAsync(method, token, () => JsonContent.Create(body), cancellationToken);

    /// <summary>A Web API call with form-encoded arguments (the file upload methods take them this way).</summary>
    public Task<JsonObject> CallFormAsync(string method, string token, IReadOnlyDictionary<string, string> arguments, CancellationToken cancellationToken) =>
        CallCoreAsync(method, token, () => new FormUrlEncodedContent(arguments), cancellationToken);

    /// <summary>
    /// Sends a file the way Slack's external upload flow asks: <c>files.getUploadURLExternal</c> (name and length),
    /// the bytes POSTed to the returned <c>upload_url</c>, then <c>files.completeUploadExternal</c> shares it in
    /// the channel (and thread). Returns the file id.
    /// </summary>
    public async Task<string> UploadFileAsync(string token, Media.LoadedMedia file, string channelId, string? threadTs, string? initialComment,
        CancellationToken cancellationToken)
    {
        var ticket = await CallFormAsync("files.getUploadURLExternal", token, new Dictionary<string, string>
        {
            ["filename"] = file.FileName,
            ["length"] = file.Content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, cancellationToken).ConfigureAwait(false);
        var uploadUrl = ticket["upload_url"]?.ToString() ?? throw new ChannelSendException("Slack files.getUploadURLExternal returned no upload_url", permanent: false);
        var fileId = ticket["file_id"]?.ToString() ?? throw new ChannelSendException("Slack files.getUploadURLExternal returned no file_id", permanent: false);

        using (var upload = new HttpRequestMessage(HttpMethod.Post, uploadUrl) { Content = new ByteArrayContent(file.Content) })
        {
            upload.Content.Headers.ContentType = new MediaTypeHeaderValue(file.MimeType);
            using var response = await http.SendAsync(upload, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new ChannelSendException($"Slack refused the upload of {file.FileName} (HTTP {(int)response.StatusCode})", permanent: (int)response.StatusCode is >= 400 and < 500);
            }
        }

        var complete = new Dictionary<string, string>
        {
            ["files"] = new JsonArray(new JsonObject { ["id"] = fileId, ["title"] = file.FileName }).ToJsonString(),
            ["channel_id"] = channelId,
        };
        if (threadTs is not null)
        {
            complete["thread_ts"] = threadTs;
        }

        if (initialComment is { Length: > 0 })
        {
            complete["initial_comment"] = initialComment;
        }

        await CallFormAsync("files.completeUploadExternal", token, complete, cancellationToken).ConfigureAwait(false);
        return fileId;
    }

    private async Task<JsonObject> CallCoreAsync(string method, string token, Func<HttpContent> content, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{options.ApiBaseUrl.TrimEnd('/')}/{method}")
            {
                Content = content(),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < 5)
            {
                var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                LogRateLimited(method, wait);
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new ChannelSendException($"Slack {method} answered HTTP {(int)response.StatusCode}", permanent: false);
            }

            var result = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken).ConfigureAwait(false) ?? [];
            if (result["ok"]?.GetValue<bool>() == true)
            {
                return result;
            }

            var error = result["error"]?.ToString() ?? "unknown_error";
            if (AuthErrors.Contains(error))
            {
                throw new ChannelFatalException($"Slack refused the token for {method} ({error}); check channels.slack.botToken / appToken and the app's scopes.");
            }

            throw new ChannelSendException($"Slack {method} failed: {error}",
                permanent: error is not ("ratelimited" or "internal_error" or "fatal_error" or "service_unavailable" or "request_timeout"));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack rate limit on {Method}: waiting {Delay}")]
    private partial void LogRateLimited(string method, TimeSpan delay);
}
