namespace OpenClaw.Contracts.Channels;

/// <summary>An entry given up on after too many failed attempts, kept in the dead-letter stream for status and replay.</summary>
public sealed record DeadLetterEntry
{
    public required string Stream { get; init; }

    public required string Group { get; init; }

    public required string EntryId { get; init; }

    public int Attempts { get; init; }

    public required string Reason { get; init; }

    /// <summary>The original entry's envelope JSON (may be malformed: that can be the reason).</summary>
    public string? Envelope { get; init; }

    public DateTimeOffset FailedAt { get; init; }
}
