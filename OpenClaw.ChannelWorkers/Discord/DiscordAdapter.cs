using System.Text.Json.Nodes;
using OpenClaw.ChannelWorkers.Pipeline;
using OpenClaw.Contracts.Channels;

namespace OpenClaw.ChannelWorkers.Discord;

/// <summary>One Discord bot account: the Gateway WebSocket for receiving, REST v10 for sending (2000 chars / 17 lines per message).</summary>
internal sealed partial class DiscordAdapter : IChannelAdapter, IDisposable
{
    private readonly ChannelAccount _account;
    private readonly DiscordAccountOptions _options;
    private readonly string _stateDir;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly DiscordRestClient _rest;
    private readonly string? _token;
    private readonly ILogger _logger;

    public DiscordAdapter(ChannelAccount account, string stateDir, ILoggerFactory loggerFactory)
    {
        _account = account;
        _options = account.Bind<DiscordAccountOptions>();
        _stateDir = stateDir;
        _logger = loggerFactory.CreateLogger<DiscordAdapter>();
        _token = _options.Token is { Length: > 0 } token
            ? token
            : account.AccountId == ChannelAccount.DefaultAccountId ? Environment.GetEnvironmentVariable("DISCORD_BOT_TOKEN") : null;
        _rest = new DiscordRestClient(_http, _options, _token ?? "", _logger);
    }

    public string Channel => "discord";

    public string AccountId => _account.AccountId;

    public async Task RunAsync(IInboundSink inbound, ChannelStatusReporter status, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(_token))
        {
            throw new ChannelFatalException($"{_account.KeyPath("token")} is not set: add the bot token (or DISCORD_BOT_TOKEN for the default account).");
        }

        DiscordGatewayConnection? connection = null;
        connection = new DiscordGatewayConnection(_options, _token,
            async (type, data) =>
            {
                await status.EventAsync().ConfigureAwait(false);
                if (type != "MESSAGE_CREATE")
                {
                    // MESSAGE_UPDATE (edits), reactions, presence, guild events: not chat input.
                    return;
                }

                var message = DiscordMessageMapper.Map(data, AccountId, connection!.Self?["id"]?.ToString(), out var ignored);
                if (message is null)
                {
                    LogIgnored(ignored ?? "not a message");
                    return;
                }

                var media = new List<MediaReference>();
                foreach (var attachment in data["attachments"] as JsonArray ?? [])
                {
                    media.Add(await DownloadAsync(attachment as JsonObject ?? [], cancellationToken).ConfigureAwait(false));
                }

                await inbound.PublishAsync(message with { Media = media }, cancellationToken).ConfigureAwait(false);
            },
            _logger);
        await connection.RunAsync(
            () => status.ConnectedAsync("gateway", connection.Self?["id"]?.ToString(), connection.Self?["username"]?.ToString()),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var channelId = ChannelId(message.Target);
        var first = true;
        foreach (var chunk in TextChunker.Chunk(message.Text ?? "", Math.Min(_options.TextChunkLimit, 2000), _options.MaxLinesPerMessage))
        {
            var body = new JsonObject
            {
                ["content"] = chunk,
                ["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray("users"), ["replied_user"] = false },
            };
            if (first && message.ReplyToMessageId is { } replyTo)
            {
                body["message_reference"] = new JsonObject { ["message_id"] = replyTo, ["fail_if_not_exists"] = false };
            }

            await _rest.SendAsync(HttpMethod.Post, $"channels/{channelId}/messages", body, cancellationToken).ConfigureAwait(false);
            first = false;
        }

        foreach (var media in message.Media.Where(m => m.Url is not null))
        {
            await _rest.SendAsync(HttpMethod.Post, $"channels/{channelId}/messages", new JsonObject { ["content"] = media.Url }, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task PerformAsync(ChannelAction action, CancellationToken cancellationToken)
    {
        var channelId = ChannelId(action.Target);
        switch (action.Kind)
        {
            case ChannelActionKind.Typing:
                await _rest.SendAsync(HttpMethod.Post, $"channels/{channelId}/typing", null, cancellationToken).ConfigureAwait(false);
                break;
            case ChannelActionKind.Reaction when action.MessageId is { } messageId && action.Emoji is { } emoji:
                await _rest.SendAsync(action.Remove ? HttpMethod.Delete : HttpMethod.Put,
                    $"channels/{channelId}/messages/{messageId}/reactions/{Uri.EscapeDataString(emoji)}/@me", null, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    // Threads are channels on Discord: a reply in a thread goes to the thread's channel id.
    private static string ChannelId(OutboundTarget target) =>
        (target.ThreadId ?? target.ChatId).Replace("channel:", "", StringComparison.Ordinal);

    private async Task<MediaReference> DownloadAsync(JsonObject attachment, CancellationToken cancellationToken)
    {
        var contentType = attachment["content_type"]?.ToString();
        var reference = new MediaReference
        {
            Kind = contentType?.StartsWith("image/", StringComparison.Ordinal) == true ? "photo"
                : contentType?.StartsWith("audio/", StringComparison.Ordinal) == true ? "audio" : "document",
            FileName = attachment["filename"]?.ToString(),
            MimeType = contentType,
            SizeBytes = attachment["size"]?.GetValue<long>(),
            PlatformFileId = attachment["id"]?.ToString(),
        };
        if (reference.SizeBytes > (long)_options.MediaMaxMb * 1024 * 1024)
        {
            return reference with { Error = $"larger than channels.discord.mediaMaxMb ({_options.MediaMaxMb} MB)" };
        }

        if (attachment["url"]?.ToString() is not { } url)
        {
            return reference with { Error = "attachment without url" };
        }

        try
        {
            var directory = Path.Combine(_stateDir, "media", "inbound");
            Directory.CreateDirectory(directory);
            var path = Path.Combine(directory, $"{Guid.NewGuid():N}{Path.GetExtension(reference.FileName ?? "")}");
            var bytes = await _http.GetByteArrayAsync(new Uri(url), cancellationToken).ConfigureAwait(false);
            await File.WriteAllBytesAsync(path + ".part", bytes, cancellationToken).ConfigureAwait(false);
            File.Move(path + ".part", path);
            return reference with { Path = path, SizeBytes = bytes.Length };
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or UriFormatException)
        {
            return reference with { Error = $"download failed: {ex.Message}" };
        }
    }

    public void Dispose() => _http.Dispose();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignoring a Discord message: {Reason}")]
    private partial void LogIgnored(string reason);
}
