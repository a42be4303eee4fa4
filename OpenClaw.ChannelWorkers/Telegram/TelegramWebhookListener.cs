using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OpenClaw.ChannelWorkers.Pipeline;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace OpenClaw.ChannelWorkers.Telegram;

/// <summary>
/// Webhook mode: registers <c>webhookUrl</c> with <c>secret_token</c> and serves <c>webhookPath</c> on
/// <c>webhookHost:webhookPort</c>. Requests without the right <c>X-Telegram-Bot-Api-Secret-Token</c> get 401;
/// an update is answered 200 only after it reached Redis, so Telegram redelivers what a crash interrupted.
/// </summary>
internal sealed partial class TelegramWebhookListener(
    TelegramAdapter adapter,
    TelegramAccountOptions options,
    ChannelAccount account,
    IInboundSink inbound,
    ChannelStatusReporter status,
    ILogger<TelegramWebhookListener> logger) : IAsyncDisposable
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    private WebApplication? _app;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(options.WebhookSecret))
        {
            throw new ChannelFatalException($"{account.KeyPath("webhookSecret")} is required in webhook mode (webhookUrl is set).");
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Parse(options.WebhookHost), options.WebhookPort));
        _app = builder.Build();
        _app.MapPost(options.WebhookPath, (Delegate)HandleAsync);
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);

        await adapter.Client.SetWebhook(options.WebhookUrl!, secretToken: options.WebhookSecret, cancellationToken: cancellationToken).ConfigureAwait(false);
        var bot = await adapter.Client.GetMe(cancellationToken).ConfigureAwait(false);
        await status.ConnectedAsync("webhook", bot.Id.ToString(CultureInfo.InvariantCulture), bot.Username).ConfigureAwait(false);
        LogListening(account.AccountId, options.WebhookHost, options.WebhookPort, options.WebhookPath);
        await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        var given = context.Request.Headers[SecretHeader].ToString();
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(options.WebhookSecret!)))
        {
            LogRejected(context.Connection.RemoteIpAddress?.ToString());
            return Results.Unauthorized();
        }

        Update? update;
        try
        {
            update = await JsonSerializer.DeserializeAsync<Update>(context.Request.Body, JsonBotAPI.Options, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            LogMalformed(ex.Message);
            // 200: Telegram would otherwise redeliver the same broken update again and again.
            return Results.Ok();
        }

        if (update is not null)
        {
            await adapter.HandleUpdateAsync(update, inbound, status, context.RequestAborted).ConfigureAwait(false);
        }

        return Results.Ok();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram account {Account} receives webhooks on {Host}:{Port}{Path}")]
    private partial void LogListening(string account, string host, int port, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a Telegram webhook call from {Remote}: wrong or missing secret token")]
    private partial void LogRejected(string? remote);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipping a malformed Telegram webhook update: {Error}")]
    private partial void LogMalformed(string error);
}
