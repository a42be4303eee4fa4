namespace OpenClaw.Contracts.Channels;

/// <summary>A non-message action on a chat: the typing indicator or a reaction on a message.</summary>
public sealed record ChannelAction
{
    public required ChannelActionKind Kind { get; init; }

    public required OutboundTarget Target { get; init; }

    /// <summary>The message a reaction goes on.</summary>
    public string? MessageId { get; init; }

    /// <summary>Reaction emoji (unicode, or a Slack emoji name).</summary>
    public string? Emoji { get; init; }

    /// <summary>Removes the reaction instead of adding it.</summary>
    public bool Remove { get; init; }
}

public enum ChannelActionKind
{
    Typing,
    Reaction,
}
