using OpenClaw.Contracts.Channels;

namespace OpenClaw.Gateway.Tools.Messaging;

/// <summary>Hands a message to the channel worker that delivers it (the outbound stream of its channel).</summary>
public interface IOutboundMessageSender
{
    /// <summary>Queues the message; returns the stream entry id.</summary>
    Task<string> SendAsync(OutboundMessage message, CancellationToken cancellationToken);
}
