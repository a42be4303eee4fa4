namespace OpenClaw.Contracts.Channels;

/// <summary>
/// One chat message a channel worker received from its platform, normalised (spec §7.1 inbound pipeline).
/// Ids are the platform's own, as strings. <see cref="PlatformMessageId"/> with channel and account is the
/// de-duplication key: the same platform message is processed once even when delivered twice.
/// </summary>
public sealed record InboundMessage
{
    public required string Channel { get; init; }

    public required string AccountId { get; init; }

    public required ChatType ChatType { get; init; }

    /// <summary>The conversation: the peer's DM chat, the group or the channel id.</summary>
    public required string ChatId { get; init; }

    /// <summary>Thread, forum topic (Telegram <c>message_thread_id</c>) or Slack <c>thread_ts</c>.</summary>
    public string? ThreadId { get; init; }

    /// <summary>Discord guild id, for bindings <c>match.guildId</c>.</summary>
    public string? GuildId { get; init; }

    /// <summary>Slack team id, for bindings <c>match.teamId</c>.</summary>
    public string? TeamId { get; init; }

    /// <summary>Discord member role ids, for bindings <c>match.roles</c>.</summary>
    public IReadOnlyList<string> RoleIds { get; init; } = [];

    public required InboundSender Sender { get; init; }

    public string Text { get; init; } = "";

    /// <summary>True when the platform says the bot was @mentioned (or replied to).</summary>
    public bool WasMentioned { get; init; }

    /// <summary>User ids mentioned in the message.</summary>
    public IReadOnlyList<string> Mentions { get; init; } = [];

    public IReadOnlyList<MediaReference> Media { get; init; } = [];

    public ReplyReference? ReplyTo { get; init; }

    public required string PlatformMessageId { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }
}

/// <summary>Who sent an inbound message.</summary>
public sealed record InboundSender
{
    public required string Id { get; init; }

    public string? Name { get; init; }

    public string? Username { get; init; }

    public bool IsBot { get; init; }
}

/// <summary>The message an inbound message replies to (upstream's ReplyToId/ReplyToBody/ReplyToSender).</summary>
public sealed record ReplyReference
{
    public required string MessageId { get; init; }

    public string? Text { get; init; }

    public string? SenderId { get; init; }
}

/// <summary>A file a worker downloaded to the inbound media folder (or could not, see <see cref="Error"/>).</summary>
public sealed record MediaReference
{
    /// <summary><c>photo</c>, <c>document</c>, <c>voice</c>, <c>audio</c>, <c>video</c> or <c>file</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>Absolute path of the downloaded file; null when it was not downloaded.</summary>
    public string? Path { get; init; }

    public string? MimeType { get; init; }

    public string? FileName { get; init; }

    public long? SizeBytes { get; init; }

    /// <summary>Platform file id, to fetch it again later.</summary>
    public string? PlatformFileId { get; init; }

    /// <summary>Why the file is missing (too large, download failed).</summary>
    public string? Error { get; init; }
}
