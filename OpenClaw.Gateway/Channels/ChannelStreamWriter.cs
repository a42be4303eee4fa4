using OpenClaw.Contracts;
using OpenClaw.Contracts.Channels;
using StackExchange.Redis;

namespace OpenClaw.Gateway.Channels;

/// <summary>Stream entry fields of the channel streams (type + envelope JSON) for messages and actions the gateway sends.</summary>
internal static class ChannelStreamWriter
{
    public static NameValueEntry[] MessageFields(OutboundMessage message) =>
    [
        new(ChannelMessageTypes.TypeField, ChannelMessageTypes.OutboundMessage),
        new(ChannelMessageTypes.EnvelopeField, MessageEnvelope(message)),
    ];

    public static byte[] MessageEnvelope(OutboundMessage message) =>
        EnvelopeSerializer.SerializeToUtf8Bytes(EnvelopeSerializer.Wrap(ChannelMessageTypes.OutboundMessage, message));

    public static NameValueEntry[] ActionFields(ChannelAction action) =>
    [
        new(ChannelMessageTypes.TypeField, ChannelMessageTypes.OutboundAction),
        new(ChannelMessageTypes.EnvelopeField, EnvelopeSerializer.SerializeToUtf8Bytes(EnvelopeSerializer.Wrap(ChannelMessageTypes.OutboundAction, action))),
    ];

    public static NameValueEntry[] DeadLetterFields(DeadLetterEntry entry) =>
    [
        new(ChannelMessageTypes.TypeField, ChannelMessageTypes.DeadLetter),
        new(ChannelMessageTypes.EnvelopeField, EnvelopeSerializer.Serialize(EnvelopeSerializer.Wrap(ChannelMessageTypes.DeadLetter, entry))),
    ];
}
