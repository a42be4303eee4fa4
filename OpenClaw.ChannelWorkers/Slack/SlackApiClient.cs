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

    public async Task<JsonObject> CallAsync(string method, string token, JsonObject body, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{options.ApiBaseUrl.TrimEnd('/')}/{method}")
            {
                Content = JsonContent.Create(body),
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
