using System.Text.Json.Nodes;
using OpenClaw.ChannelWorkers.Media;
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
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _dmChannels = new(StringComparer.Ordinal);

    /// <summary>Discord's upload limit for bots (10 MiB per request).</summary>
    private const int MaxUploadMb = 10;

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
        var channelId = await ChannelIdAsync(message.Target, cancellationToken).ConfigureAwait(false);
        var chunks = TextChunker.Chunk(message.Text ?? "", Math.Min(_options.TextChunkLimit, 2000), _options.MaxLinesPerMessage).ToList();
        var files = new List<LoadedMedia>();
        var maxBytes = Math.Min((long)_options.MediaMaxMb, MaxUploadMb) * 1024 * 1024;
        foreach (var media in message.Media)
        {
            files.Add(await OutboundMediaLoader.LoadAsync(media, maxBytes, _http, cancellationToken).ConfigureAwait(false));
        }

        // Files ride with the last text chunk (or alone), at most 10 per message as Discord allows.
        var fileBatches = files.Chunk(10).ToList();
        var messages = chunks.Count + Math.Max(0, fileBatches.Count - (chunks.Count > 0 ? 1 : 0));
        for (var i = 0; i < messages; i++)
        {
            var body = new JsonObject
            {
                ["content"] = i < chunks.Count ? chunks[i] : "",
                ["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray("users"), ["replied_user"] = false },
            };
            if (i == 0 && message.ReplyToMessageId is { } replyTo)
            {
                body["message_reference"] = new JsonObject { ["message_id"] = replyTo, ["fail_if_not_exists"] = false };
            }

            var batch = fileBatches.Count == 0 ? -1 : i - Math.Max(0, chunks.Count - 1);
            if (batch >= 0 && batch < fileBatches.Count)
            {
                await _rest.SendFilesAsync($"channels/{channelId}/messages", body, fileBatches[batch], cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await _rest.SendAsync(HttpMethod.Post, $"channels/{channelId}/messages", body, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task PerformAsync(ChannelAction action, CancellationToken cancellationToken)
    {
        var channelId = await ChannelIdAsync(action.Target, cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// Threads are channels on Discord: a reply in a thread goes to the thread's channel id. A <c>user:&lt;id&gt;</c>
    /// target (upstream's form for DMs) is the DM channel Discord opens for that user (POST /users/@me/channels).
    /// </summary>
    private async Task<string> ChannelIdAsync(OutboundTarget target, CancellationToken cancellationToken)
    {
        var id = (target.ThreadId ?? target.ChatId).Replace("channel:", "", StringComparison.Ordinal);
        if (!id.StartsWith("user:", StringComparison.Ordinal))
        {
            return id;
        }

        var userId = id["user:".Length..];
        if (_dmChannels.TryGetValue(userId, out var cached))
        {
            return cached;
        }

        var channel = await _rest.SendAsync(HttpMethod.Post, "users/@me/channels", new JsonObject { ["recipient_id"] = userId }, cancellationToken).ConfigureAwait(false);
        var channelId = channel?["id"]?.ToString() ?? throw new ChannelSendException($"Discord opened no DM channel for user {userId}", permanent: false);
        _dmChannels[userId] = channelId;
        return channelId;
    }

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
