using System.Globalization;
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
/// entities the chunk goes again as plain text. A 429's <c>retry_after</c> is waited out.
/// </summary>
internal sealed partial class TelegramSender(TelegramBotClient client, TelegramAccountOptions options, ILogger<TelegramSender> logger)
{
    public async Task SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var chatId = ParseChatId(message.Target.ChatId);
        var threadId = ParseThreadId(message.Target.ThreadId);
        var replyTo = message.ReplyToMessageId is { } reply ? ParseMessageId(reply) : null;
        var first = true;

        foreach (var chunk in TextChunker.Chunk(message.Text ?? "", Math.Min(options.TextChunkLimit, 4096)))
        {
            var replyParameters = first && replyTo is { } id ? new ReplyParameters { MessageId = id, AllowSendingWithoutReply = true } : null;
            await WithRetryAfterAsync(() => SendChunkAsync(chatId, threadId, chunk, replyParameters, cancellationToken), cancellationToken).ConfigureAwait(false);
            first = false;
        }

        foreach (var media in message.Media)
        {
            await WithRetryAfterAsync(() => SendMediaAsync(chatId, threadId, media, cancellationToken), cancellationToken).ConfigureAwait(false);
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

    private async Task SendMediaAsync(ChatId chatId, int? threadId, OutboundMedia media, CancellationToken cancellationToken)
    {
        Stream? stream = null;
        try
        {
            InputFile file;
            if (media.Url is { Length: > 0 } url)
            {
                file = InputFile.FromUri(url);
            }
            else if (media.Path is { Length: > 0 } path)
            {
                stream = File.OpenRead(path);
                file = InputFile.FromStream(stream, media.FileName ?? Path.GetFileName(path));
            }
            else
            {
                throw new ChannelSendException("outbound media has neither url nor path", permanent: true);
            }

            if (media.Kind == "photo")
            {
                await client.SendPhoto(chatId, file, caption: media.Caption, messageThreadId: threadId, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await client.SendDocument(chatId, file, caption: media.Caption, messageThreadId: threadId, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telegram rate limit: waiting {Seconds} s as retry_after asks")]
    private partial void LogRateLimited(int seconds);
}
