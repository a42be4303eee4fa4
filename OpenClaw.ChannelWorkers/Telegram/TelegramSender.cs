using System.Globalization;
using OpenClaw.ChannelWorkers.Media;
using OpenClaw.ChannelWorkers.Pipeline;
using OpenClaw.Contracts.Channels;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace OpenClaw.ChannelWorkers.Telegram;

/// <summary>
/// Sends replies to Telegram: chunks of <c>textChunkLimit</c> (4000) as HTML converted from Markdown, the
/// first chunk as a reply to the original message, in its forum topic; when Telegram cannot parse the
/// entities the chunk goes again as plain text. Files go by kind (photo, voice, audio, video, document), a short
/// text as the first file's caption. A 429's <c>retry_after</c> is waited out.
/// </summary>
internal sealed partial class TelegramSender(TelegramBotClient client, TelegramAccountOptions options, HttpClient http, ILogger<TelegramSender> logger)
{
    /// <summary>Bot API limits: captions 1024 characters, photos 10 MB, uploads 50 MB.</summary>
    private const int MaxCaptionLength = 1024;
    private const long MaxPhotoBytes = 10L * 1024 * 1024;
    private const int MaxUploadMb = 50;

    public async Task SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var chatId = ParseChatId(message.Target.ChatId);
        var threadId = ParseThreadId(message.Target.ThreadId);
        var replyTo = message.ReplyToMessageId is { } reply ? ParseMessageId(reply) : null;
        var text = message.Text ?? "";
        // A short text rides as the caption of the first file, as a Telegram user would send it.
        var caption = message.Media.Count > 0 && text.Length is > 0 and <= MaxCaptionLength ? text : null;
        var first = true;

        if (caption is null)
        {
            foreach (var chunk in TextChunker.Chunk(text, Math.Min(options.TextChunkLimit, 4096)))
            {
                var replyParameters = first && replyTo is { } id ? new ReplyParameters { MessageId = id, AllowSendingWithoutReply = true } : null;
                await WithRetryAfterAsync(() => SendChunkAsync(chatId, threadId, chunk, replyParameters, cancellationToken), cancellationToken).ConfigureAwait(false);
                first = false;
            }
        }

        foreach (var media in message.Media)
        {
            var replyParameters = first && replyTo is { } id ? new ReplyParameters { MessageId = id, AllowSendingWithoutReply = true } : null;
            var mediaCaption = first ? caption ?? media.Caption : media.Caption;
            await WithRetryAfterAsync(() => SendMediaAsync(chatId, threadId, media, mediaCaption, replyParameters, cancellationToken), cancellationToken).ConfigureAwait(false);
            first = false;
        }
    }

    public async Task PerformAsync(ChannelAction action, CancellationToken cancellationToken)
    {
        var chatId = ParseChatId(action.Target.ChatId);
        switch (action.Kind)
        {
            case ChannelActionKind.Typing:
                await WithRetryAfterAsync(() => client.SendChatAction(chatId, ChatAction.Typing,
                    messageThreadId: ParseThreadId(action.Target.ThreadId), cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
                break;
            case ChannelActionKind.Reaction when action.MessageId is { } messageId:
                var reactions = action.Remove || action.Emoji is null ? Array.Empty<ReactionType>() : [new ReactionTypeEmoji { Emoji = action.Emoji }];
                await WithRetryAfterAsync(() => client.SetMessageReaction(chatId, ParseMessageId(messageId) ?? 0, reactions,
                    cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private async Task SendChunkAsync(ChatId chatId, int? threadId, string chunk, ReplyParameters? replyParameters, CancellationToken cancellationToken)
    {
        var html = TelegramMarkdown.ToHtml(chunk);
        if (html.Length <= 4096)
        {
            try
            {
                await client.SendMessage(chatId, html, ParseMode.Html, replyParameters: replyParameters,
                    messageThreadId: threadId, cancellationToken: cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ApiRequestException ex) when (ex.ErrorCode == 400 && ex.Message.Contains("parse entities", StringComparison.OrdinalIgnoreCase))
            {
                LogPlainFallback(ex.Message);
            }
        }

        await client.SendMessage(chatId, chunk, ParseMode.None, replyParameters: replyParameters,
            messageThreadId: threadId, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One file by its kind: sendPhoto, sendVoice (OGG/Opus), sendAudio, sendVideo or sendDocument. URLs are
    /// handed to Telegram to fetch; when it cannot ("wrong file identifier/HTTP URL specified", "failed to get
    /// HTTP URL content") the worker downloads the file and uploads it. A photo Telegram refuses as a photo
    /// (over 10 MB, odd dimensions) goes again as a document.
    /// </summary>
    private async Task SendMediaAsync(ChatId chatId, int? threadId, OutboundMedia media, string? caption, ReplyParameters? replyParameters,
        CancellationToken cancellationToken)
    {
        var kind = OutboundMediaLoader.KindOf(media);
        var maxBytes = Math.Min((long)options.MediaMaxMb, MaxUploadMb) * 1024 * 1024;
        LoadedMedia? loaded = null;
        if (media.Url is not { Length: > 0 })
        {
            loaded = await OutboundMediaLoader.LoadAsync(media, maxBytes, http, cancellationToken).ConfigureAwait(false);
            if (kind == "photo" && loaded.Content.Length > MaxPhotoBytes)
            {
                kind = "document";
            }
        }

        try
        {
            await SendFileAsync(kind, chatId, threadId, media, loaded, caption, replyParameters, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiRequestException ex) when (ex.ErrorCode == 400 && loaded is null && IsUnfetchable(ex.Message))
        {
            LogUploadingInstead(ex.Message);
            loaded = await OutboundMediaLoader.LoadAsync(media, maxBytes, http, cancellationToken).ConfigureAwait(false);
            await SendFileAsync(kind == "photo" && loaded.Content.Length > MaxPhotoBytes ? "document" : kind, chatId, threadId, media, loaded, caption,
                replyParameters, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiRequestException ex) when (ex.ErrorCode == 400 && kind == "photo"
                                             && (ex.Message.Contains("PHOTO_", StringComparison.Ordinal) || ex.Message.Contains("IMAGE_PROCESS_FAILED", StringComparison.Ordinal)))
        {
            LogPhotoAsDocument(ex.Message);
            await SendFileAsync("document", chatId, threadId, media, loaded, caption, replyParameters, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SendFileAsync(string kind, ChatId chatId, int? threadId, OutboundMedia media, LoadedMedia? loaded, string? caption,
        ReplyParameters? replyParameters, CancellationToken cancellationToken)
    {
        var html = caption is null ? null : TelegramMarkdown.ToHtml(caption);
        try
        {
            await SendFileOnceAsync(kind, chatId, threadId, media, loaded, html, html is null ? ParseMode.None : ParseMode.Html, replyParameters, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (ApiRequestException ex) when (ex.ErrorCode == 400 && caption is not null
                                             && (ex.Message.Contains("parse entities", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("caption is too long", StringComparison.OrdinalIgnoreCase)))
        {
            LogPlainFallback(ex.Message);
            await SendFileOnceAsync(kind, chatId, threadId, media, loaded, caption.Length > MaxCaptionLength ? caption[..MaxCaptionLength] : caption,
                ParseMode.None, replyParameters, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SendFileOnceAsync(string kind, ChatId chatId, int? threadId, OutboundMedia media, LoadedMedia? loaded, string? caption,
        ParseMode parseMode, ReplyParameters? replyParameters, CancellationToken cancellationToken)
    {
        // A fresh stream per attempt: a 429 retry sends the whole request again.
        using var content = loaded is null ? null : new MemoryStream(loaded.Content, writable: false);
        InputFile file = content is null ? InputFile.FromUri(media.Url!) : InputFile.FromStream(content, loaded!.FileName);
        switch (kind)
        {
            case "photo":
                await client.SendPhoto(chatId, file, caption, parseMode, replyParameters, messageThreadId: threadId, cancellationToken: cancellationToken).ConfigureAwait(false);
                break;
            case "voice":
                await client.SendVoice(chatId, file, caption, parseMode, replyParameters, messageThreadId: threadId, cancellationToken: cancellationToken).ConfigureAwait(false);
                break;
            case "audio":
                await client.SendAudio(chatId, file, caption, parseMode, replyParameters, messageThreadId: threadId, cancellationToken: cancellationToken).ConfigureAwait(false);
                break;
            case "video":
                await client.SendVideo(chatId, file, caption, parseMode, replyParameters, messageThreadId: threadId, cancellationToken: cancellationToken).ConfigureAwait(false);
                break;
            default:
                await client.SendDocument(chatId, file, caption, parseMode, replyParameters, messageThreadId: threadId, cancellationToken: cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private static bool IsUnfetchable(string error) =>
        error.Contains("wrong file identifier", StringComparison.OrdinalIgnoreCase)
        || error.Contains("failed to get HTTP URL content", StringComparison.OrdinalIgnoreCase)
        || error.Contains("wrong type of the web page content", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Telegram.Bot already retries a 429 whose retry_after is within its threshold; this covers the rest and
    /// sorts refusals into permanent (bad chat, blocked) and retryable ones.
    /// </summary>
    private async Task WithRetryAfterAsync(Func<Task> send, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await send().ConfigureAwait(false);
                return;
            }
            catch (ApiRequestException ex) when (ex.ErrorCode == 429 && attempt < 3 && ex.Parameters?.RetryAfter is { } seconds
                                                 && seconds <= options.MaxRetryAfterSeconds)
            {
                LogRateLimited(seconds);
                await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken).ConfigureAwait(false);
            }
            catch (ApiRequestException ex) when (ex.ErrorCode is 400 or 403 or 404)
            {
                throw new ChannelSendException($"Telegram refused the message ({ex.ErrorCode}): {ex.Message}", permanent: true, ex);
            }
            catch (ApiRequestException ex)
            {
                throw new ChannelSendException($"Telegram answered {ex.ErrorCode}: {ex.Message}", permanent: false, ex);
            }
        }
    }

    private static ChatId ParseChatId(string chatId) =>
        long.TryParse(chatId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) ? new ChatId(id) : new ChatId(chatId);

    private static int? ParseThreadId(string? threadId) =>
        int.TryParse(threadId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>Accepts Telegram message ids and our platform ids (<c>chatId:messageId</c>).</summary>
    private static int? ParseMessageId(string messageId)
    {
        var local = messageId.LastIndexOf(':') is var colon and >= 0 ? messageId[(colon + 1)..] : messageId;
        return int.TryParse(local, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram could not parse the HTML entities, sending plain text: {Error}")]
    private partial void LogPlainFallback(string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram could not fetch the media URL, uploading the file instead: {Error}")]
    private partial void LogUploadingInstead(string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Telegram refused the file as a photo, sending it as a document: {Error}")]
    private partial void LogPhotoAsDocument(string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram rate limit: waiting {Seconds} s as retry_after asks")]
    private partial void LogRateLimited(int seconds);
}
