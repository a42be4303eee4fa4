using System.Text.Json;

namespace OpenClaw.Contracts.Channels;

/// <summary>
/// A reply or message the gateway asks a channel worker to send. The worker chunks it to the platform's
/// limit and records <see cref="IdempotencyKey"/> once the platform accepted it, so a redelivered entry is
/// not sent twice.
/// </summary>
public sealed record OutboundMessage
{
    public required OutboundTarget Target { get; init; }

    /// <summary>Markdown text; the worker converts it to what the platform renders.</summary>
    public string? Text { get; init; }

    /// <summary>Platform-native rich content (Slack blocks); sent instead of formatted text where supported.</summary>
    public JsonElement? Blocks { get; init; }

    public IReadOnlyList<OutboundMedia> Media { get; init; } = [];

    /// <summary>Platform message id to reply to (quoted reply on Telegram, message reference on Discord).</summary>
    public string? ReplyToMessageId { get; init; }

    public required string IdempotencyKey { get; init; }

    /// <summary>Envelope id of the inbound message this answers, for tracing and de-duplication reports.</summary>
    public string? InReplyToEnvelopeId { get; init; }
}

/// <summary>Where an outbound message or action goes: the originating channel, account, chat and thread.</summary>
public sealed record OutboundTarget
{
    public required string Channel { get; init; }

    public required string AccountId { get; init; }

    public required string ChatId { get; init; }

    public string? ThreadId { get; init; }
}

/// <summary>A file to send: a local path or a URL.</summary>
public sealed record OutboundMedia
{
    /// <summary><c>photo</c>, <c>voice</c>, <c>audio</c>, <c>video</c> or <c>document</c> (also <c>image</c> from older gateways).</summary>
    public required string Kind { get; init; }

    /// <summary>MIME type when known (from the file name); workers pick the platform method by it.</summary>
    public string? MimeType { get; init; }

    public string? Path { get; init; }

    public string? Url { get; init; }

    public string? Caption { get; init; }

    public string? FileName { get; init; }
}
