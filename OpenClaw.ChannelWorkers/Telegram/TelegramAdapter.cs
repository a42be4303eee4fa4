using System.Globalization;
using OpenClaw.ChannelWorkers.Pipeline;
using OpenClaw.Contracts.Channels;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace OpenClaw.ChannelWorkers.Telegram;

/// <summary>
/// One Telegram bot account through Telegram.Bot against <c>channels.telegram.apiRoot</c>: long polling
/// (getUpdates with a persisted offset) or webhook mode, media download, and sending via <see cref="TelegramSender"/>.
/// </summary>
internal sealed partial class TelegramAdapter : IChannelAdapter, IDisposable
{
    private readonly ChannelAccount _account;
    private readonly TelegramAccountOptions _options;
    private readonly string _stateDir;
    private readonly HttpClient _http;
    private readonly TelegramOffsetStore _offsets;
    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TelegramPoller _poller;
    private readonly string? _configError;
    private User? _bot;

    public TelegramAdapter(ChannelAccount account, string stateDir, ILoggerFactory loggerFactory)
    {
        _account = account;
        _options = account.Bind<TelegramAccountOptions>();
        _stateDir = stateDir;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<TelegramAdapter>();
        _offsets = new TelegramOffsetStore(stateDir, account.AccountId);
        // Long polls hold the request open for PollTimeoutSeconds; the client must wait longer than that.
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(_options.PollTimeoutSeconds + 30) };
        string token;
        try
        {
            token = ResolveToken();
            _ = new TelegramBotClientOptions(token, _options.ApiRoot);
        }
        catch (Exception ex) when (ex is ChannelFatalException or ArgumentException or IOException)
        {
            _configError = ex is ArgumentException
                ? $"{_account.KeyPath("botToken")} or {_account.KeyPath("apiRoot")} is malformed: {ex.Message}"
                : ex.Message;
            token = "0:not-configured";
        }

        Client = new TelegramBotClient(
            new TelegramBotClientOptions(token, _options.ApiRoot)
            {
                // Telegram.Bot waits out a 429's retry_after itself up to this many seconds.
                RetryThreshold = _options.MaxRetryAfterSeconds,
                RetryCount = 3,
            },
            _http);
        _poller = new TelegramPoller(_http, _options, token);
        Sender = new TelegramSender(Client, _options, _http, loggerFactory.CreateLogger<TelegramSender>());
    }

    public string Channel => "telegram";

    public string AccountId => _account.AccountId;

    internal TelegramBotClient Client { get; }

    internal TelegramSender Sender { get; }

    public async Task RunAsync(IInboundSink inbound, ChannelStatusReporter status, CancellationToken cancellationToken)
    {
        if (_configError is not null)
        {
            throw new ChannelFatalException(_configError);
        }

        try
        {
            _bot = await Client.GetMe(cancellationToken).ConfigureAwait(false);
        }
        catch (ApiRequestException ex) when (ex.ErrorCode is 401 or 404)
        {
            throw new ChannelFatalException(
                $"Telegram rejected the bot token of {_account.KeyPath("botToken")} ({ex.ErrorCode}: {ex.Message}); check the token from @BotFather.", ex);
        }

        if (!string.IsNullOrEmpty(_options.WebhookUrl))
        {
            await using var webhook = new TelegramWebhookListener(this, _options, _account, inbound, status,
                _loggerFactory.CreateLogger<TelegramWebhookListener>());
            await webhook.RunAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        // getUpdates answers 409 while a webhook is set.
        await Client.DeleteWebhook(dropPendingUpdates: false, cancellationToken).ConfigureAwait(false);
        await status.ConnectedAsync("polling", _bot.Id.ToString(CultureInfo.InvariantCulture), _bot.Username).ConfigureAwait(false);
        LogPolling(AccountId, _bot.Username);

        var offset = _offsets.Load() is { } last ? (int)(last + 1) : (int?)null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = await _poller.GetUpdatesAsync(offset, cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                continue;
            }

            // Publishes of one batch are pipelined on the Redis connection (written in order, awaited together).
            var publishing = new List<Task>(batch.Count);
            foreach (var (updateId, update) in batch)
            {
                if (update is null)
                {
                    LogIgnored(updateId, "malformed update");
                    continue;
                }

                if (update.Message is { } withMedia && TelegramUpdateMapper.Attachments(withMedia).Any())
                {
                    // Downloads take time: let everything before it reach Redis first, so the chat keeps its order.
                    await Task.WhenAll(publishing).ConfigureAwait(false);
                    publishing.Clear();
                    await HandleUpdateAsync(update, inbound, status, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                publishing.Add(HandleUpdateAsync(update, inbound, status, cancellationToken));
            }

            await Task.WhenAll(publishing).ConfigureAwait(false);

            // Only now are the updates safely in Redis; Telegram forgets them once we ask with a higher offset.
            var lastId = batch[^1].UpdateId;
            await _offsets.SaveAsync(lastId, cancellationToken).ConfigureAwait(false);
            offset = lastId + 1;
        }
    }

    internal async Task HandleUpdateAsync(Update update, IInboundSink inbound, ChannelStatusReporter status, CancellationToken cancellationToken)
    {
        var message = TelegramUpdateMapper.Map(update, AccountId, _bot!, out var ignoredBecause);
        if (message is null)
        {
            LogIgnored(update.Id, ignoredBecause ?? "not a message");
            await status.EventAsync().ConfigureAwait(false);
            return;
        }

        var media = new List<MediaReference>();
        foreach (var (kind, file, fileName, mimeType) in TelegramUpdateMapper.Attachments(update.Message!))
        {
            media.Add(await DownloadAsync(kind, file, fileName, mimeType, cancellationToken).ConfigureAwait(false));
        }

        // Issued before any other await, so pipelined publishes reach the stream in update order.
        await inbound.PublishAsync(message with { Media = media }, cancellationToken).ConfigureAwait(false);
        await status.EventAsync().ConfigureAwait(false);
    }

    private async Task<MediaReference> DownloadAsync(string kind, FileBase file, string? fileName, string? mimeType, CancellationToken cancellationToken)
    {
        var reference = new MediaReference
        {
            Kind = kind, FileName = fileName, MimeType = mimeType, SizeBytes = file.FileSize, PlatformFileId = file.FileId,
        };
        var maxBytes = (long)_options.MediaMaxMb * 1024 * 1024;
        if (file.FileSize > maxBytes)
        {
            return reference with { Error = $"larger than channels.telegram.mediaMaxMb ({_options.MediaMaxMb} MB)" };
        }

        try
        {
            var info = await Client.GetFile(file.FileId, cancellationToken).ConfigureAwait(false);
            var extension = Path.GetExtension(fileName ?? info.FilePath ?? "");
            var directory = Path.Combine(_stateDir, "media", "inbound");
            Directory.CreateDirectory(directory);
            var path = Path.Combine(directory, $"{Guid.NewGuid():N}{extension}");
            var temp = path + ".part";
            await using (var stream = File.Create(temp))
            {
                await Client.DownloadFile(info.FilePath!, stream, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, path);
            return reference with { Path = path, SizeBytes = new FileInfo(path).Length };
        }
        catch (Exception ex) when (ex is ApiRequestException or HttpRequestException or IOException or RequestException)
        {
            LogDownloadFailed(kind, ex.Message);
            return reference with { Error = $"download failed: {ex.Message}" };
        }
    }

    public Task SendAsync(OutboundMessage message, CancellationToken cancellationToken) =>
        Sender.SendAsync(message, cancellationToken);

    public Task PerformAsync(ChannelAction action, CancellationToken cancellationToken) =>
        Sender.PerformAsync(action, cancellationToken);

    private string ResolveToken()
    {
        var token = _options.BotToken;
        if (string.IsNullOrWhiteSpace(token) && !string.IsNullOrWhiteSpace(_options.TokenFile))
        {
            token = System.IO.File.ReadAllText(_options.TokenFile).Trim();
        }

        if (string.IsNullOrWhiteSpace(token) && AccountId == ChannelAccount.DefaultAccountId)
        {
            token = Environment.GetEnvironmentVariable("TELEGRAM_BOT_TOKEN");
        }

        return string.IsNullOrWhiteSpace(token)
            ? throw new ChannelFatalException(
                $"{_account.KeyPath("botToken")} is not set: add the token from @BotFather (or tokenFile, or TELEGRAM_BOT_TOKEN for the default account).")
            : token.Trim();
    }

    public void Dispose() => _http.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram account {Account} (@{Username}) is long polling")]
    private partial void LogPolling(string account, string? username);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignoring Telegram update {UpdateId}: {Reason}")]
    private partial void LogIgnored(int updateId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not download a Telegram {Kind}: {Error}")]
    private partial void LogDownloadFailed(string kind, string error);
}
