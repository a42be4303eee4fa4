namespace OpenClaw.Contracts.Channels;

/// <summary>
/// Envelope <c>type</c> values of the channel streams, and the field names of a stream entry.
/// An entry carries the type in its own field so a reader can route it without parsing the JSON.
/// </summary>
public static class ChannelMessageTypes
{
    public const string InboundMessage = "inbound.message";
    public const string OutboundMessage = "outbound.message";
    public const string OutboundAction = "outbound.action";
    public const string DeadLetter = "deadletter.entry";

    /// <summary>Stream entry field holding the envelope type.</summary>
    public const string TypeField = "type";

    /// <summary>Stream entry field holding the serialized envelope (UTF-8 JSON).</summary>
    public const string EnvelopeField = "envelope";
}
