using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenClaw.ChannelWorkers.Slack;

/// <summary>
/// HTTP Events API mode: serves <c>webhookPath</c> on <c>webhookHost:webhookPort</c>, verifies
/// <c>X-Slack-Signature</c> (<c>v0=</c> HMAC-SHA256 of <c>v0:&lt;timestamp&gt;:&lt;body&gt;</c> with the signing
/// secret) and refuses stale timestamps (over 5 minutes: replays) with 401; answers <c>url_verification</c>.
/// </summary>
internal sealed partial class SlackEventsListener(SlackAccountOptions options, string signingSecret, Func<JsonObject, Task> onEventCallback, ILogger logger) : IAsyncDisposable
{
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Parse(options.WebhookHost), options.WebhookPort);
            kestrel.Limits.MaxRequestBodySize = 1024 * 1024;
        });
        _app = builder.Build();
        _app.MapPost(options.WebhookPath, (Delegate)HandleAsync);
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        if (!Verify(context.Request.Headers["X-Slack-Request-Timestamp"].ToString(), context.Request.Headers["X-Slack-Signature"].ToString(), body))
        {
            LogRejected();
            return Results.Unauthorized();
        }

        JsonObject payload;
        try
        {
            payload = JsonNode.Parse(body) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException ex)
        {
            LogMalformed(ex.Message);
            return Results.BadRequest();
        }

        switch (payload["type"]?.ToString())
        {
            case "url_verification":
                return Results.Json(new { challenge = payload["challenge"]?.ToString() });
            case "event_callback":
                await onEventCallback(payload).ConfigureAwait(false);
                return Results.Ok();
            default:
                return Results.Ok();
        }
    }

    internal bool Verify(string timestamp, string signature, string body)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > 300
            || !signature.StartsWith("v0=", StringComparison.Ordinal))
        {
            return false;
        }

        var expected = "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingSecret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}")));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature));
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a Slack events request: bad or stale signature")]
    private partial void LogRejected();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipping a malformed Slack events request: {Error}")]
    private partial void LogMalformed(string error);
}
