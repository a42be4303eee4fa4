using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenClaw.ChannelWorkers.Media;
using OpenClaw.ChannelWorkers.Pipeline;
using OpenClaw.Contracts.Channels;

namespace OpenClaw.ChannelWorkers.Slack;

/// <summary>One Slack app account: Socket Mode (default) or HTTP Events for receiving, <c>chat.postMessage</c> for sending.</summary>
internal sealed partial class SlackAdapter : IChannelAdapter, IDisposable
{
    private readonly ChannelAccount _account;
    private readonly SlackAccountOptions _options;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly SlackApiClient _api;
    private readonly ILogger _logger;
    private readonly string? _botToken;

    public SlackAdapter(ChannelAccount account, ILoggerFactory loggerFactory)
    {
        _account = account;
        _options = account.Bind<SlackAccountOptions>();
        _logger = loggerFactory.CreateLogger<SlackAdapter>();
        _api = new SlackApiClient(_http, _options, _logger);
        var isDefault = account.AccountId == ChannelAccount.DefaultAccountId;
        _botToken = _options.BotToken ?? (isDefault ? Environment.GetEnvironmentVariable("SLACK_BOT_TOKEN") : null);
        _options.AppToken ??= isDefault ? Environment.GetEnvironmentVariable("SLACK_APP_TOKEN") : null;
    }

    public string Channel => "slack";

    public string AccountId => _account.AccountId;

    public async Task RunAsync(IInboundSink inbound, ChannelStatusReporter status, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(_botToken))
        {
            throw new ChannelFatalException($"{_account.KeyPath("botToken")} is not set: add the xoxb- bot token (or SLACK_BOT_TOKEN for the default account).");
        }

        var auth = await _api.CallAsync("auth.test", _botToken, [], cancellationToken).ConfigureAwait(false);
        var botUserId = auth["user_id"]?.ToString();
        var botName = auth["user"]?.ToString();

        async Task OnEvent(JsonObject callback)
        {
            await status.EventAsync().ConfigureAwait(false);
            var message = SlackEventMapper.Map(callback, AccountId, botUserId, out var ignored);
            if (message is null)
            {
                LogIgnored(ignored ?? "not a message");
                return;
            }

            await inbound.PublishAsync(message, cancellationToken).ConfigureAwait(false);
        }

        if (string.Equals(_options.Mode, "http", StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(_options.SigningSecret))
            {
                throw new ChannelFatalException($"{_account.KeyPath("signingSecret")} is required for HTTP Events mode.");
            }

            await using var listener = new SlackEventsListener(_options, _options.SigningSecret, OnEvent, _logger);
            await listener.StartAsync(cancellationToken).ConfigureAwait(false);
            await status.ConnectedAsync("events-api", botUserId, botName).ConfigureAwait(false);
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (string.IsNullOrWhiteSpace(_options.AppToken))
        {
            throw new ChannelFatalException($"{_account.KeyPath("appToken")} is not set: Socket Mode needs the xapp- app token (or set mode: \"http\" with signingSecret).");
        }

        var socket = new SlackSocketModeConnection(_api, _options.AppToken, _logger);
        await socket.RunAsync(() => status.ConnectedAsync("socket", botUserId, botName), OnEvent, cancellationToken).ConfigureAwait(false);
    }

    public async Task SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var threadTs = message.Target.ThreadId ?? TsOf(message.ReplyToMessageId);
        var chunks = TextChunker.Chunk(ToMrkdwn(message.Text ?? ""), Math.Min(_options.TextChunkLimit, 4000));
        if (chunks.Count == 0 && message.Blocks is not null)
        {
            chunks = [" "];
        }

        for (var i = 0; i < chunks.Count; i++)
        {
            var body = new JsonObject { ["channel"] = message.Target.ChatId, ["text"] = chunks[i] };
            if (threadTs is not null)
            {
                body["thread_ts"] = threadTs;
            }

            if (i == 0 && message.Blocks is { } blocks)
            {
                body["blocks"] = JsonNode.Parse(blocks.GetRawText());
            }

            await _api.CallAsync("chat.postMessage", _botToken!, body, cancellationToken).ConfigureAwait(false);
        }

        var maxBytes = (long)_options.MediaMaxMb * 1024 * 1024;
        string? conversation = null;
        foreach (var media in message.Media)
        {
            var file = await OutboundMediaLoader.LoadAsync(media, maxBytes, _http, cancellationToken).ConfigureAwait(false);
            conversation ??= await ConversationIdAsync(message.Target.ChatId, cancellationToken).ConfigureAwait(false);
            await _api.UploadFileAsync(_botToken!, file, conversation, threadTs, media.Caption, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// chat.postMessage takes a user id and posts in the app's DM with them, but files are shared into a
    /// conversation id: for a user (U…/W…) that is the DM channel conversations.open returns.
    /// </summary>
    private async Task<string> ConversationIdAsync(string chatId, CancellationToken cancellationToken)
    {
        if (chatId.Length == 0 || chatId[0] is not ('U' or 'W'))
        {
            return chatId;
        }

        var opened = await _api.CallAsync("conversations.open", _botToken!, new JsonObject { ["users"] = chatId }, cancellationToken).ConfigureAwait(false);
        return opened["channel"]?["id"]?.ToString() ?? throw new ChannelSendException($"Slack opened no DM with {chatId}", permanent: false);
    }

    public async Task PerformAsync(ChannelAction action, CancellationToken cancellationToken)
    {
        // Slack has no typing indicator for bots; reactions are the visible signal.
        if (action is { Kind: ChannelActionKind.Reaction, MessageId: { } messageId, Emoji: { } emoji })
        {
            await _api.CallAsync(action.Remove ? "reactions.remove" : "reactions.add", _botToken!, new JsonObject
            {
                ["channel"] = action.Target.ChatId,
                ["timestamp"] = TsOf(messageId),
                ["name"] = emoji.Trim(':'),
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string? TsOf(string? platformMessageId) =>
        platformMessageId is null ? null : platformMessageId.LastIndexOf(':') is var colon and >= 0 ? platformMessageId[(colon + 1)..] : platformMessageId;

    /// <summary>Markdown to Slack mrkdwn: <c>**bold**</c> → <c>*bold*</c>, links → <c>&lt;url|text&gt;</c>, <c>&amp; &lt; &gt;</c> escaped.</summary>
    internal static string ToMrkdwn(string markdown)
    {
        var text = markdown.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
        text = MarkdownLink().Replace(text, "<$2|$1>");
        return MarkdownBold().Replace(text, "*$1*");
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex(@"\[([^\]\n]+)\]\((https?://[^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"\*\*(?=\S)(.+?)(?<=\S)\*\*")]
    private static partial Regex MarkdownBold();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignoring a Slack event: {Reason}")]
    private partial void LogIgnored(string reason);
}
