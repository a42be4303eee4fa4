using OpenClaw.Contracts.Channels;

namespace OpenClaw.ChannelWorkers.Pipeline;

/// <summary>
/// One account of one platform: receives from it (<see cref="RunAsync"/>) and sends to it. The pipeline
/// around it owns Redis, retries, restarts and status; an adapter only speaks its platform's protocol.
/// </summary>
internal interface IChannelAdapter
{
    string Channel { get; }

    string AccountId { get; }

    /// <summary>Runs the receive loop until cancelled; throws when the connection breaks so the supervisor restarts it.</summary>
    Task RunAsync(IInboundSink inbound, ChannelStatusReporter status, CancellationToken cancellationToken);

    /// <summary>Sends a whole outbound message (chunked as the platform needs). Throws <see cref="ChannelSendException"/> on refusal.</summary>
    Task SendAsync(OutboundMessage message, CancellationToken cancellationToken);

    Task PerformAsync(ChannelAction action, CancellationToken cancellationToken);
}

/// <summary>Where adapters hand normalised inbound messages.</summary>
internal interface IInboundSink
{
    Task PublishAsync(InboundMessage message, CancellationToken cancellationToken);
}

/// <summary>Creates the adapters of one channel from its configured accounts.</summary>
internal interface IChannelAdapterFactory
{
    string Channel { get; }

    IReadOnlyList<IChannelAdapter> CreateAdapters(IReadOnlyList<ChannelAccount> accounts);
}

/// <summary>A platform refused a send. <see cref="Permanent"/> errors (bad chat id, forbidden) are not retried.</summary>
internal sealed class ChannelSendException(string message, bool permanent, Exception? inner = null) : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;
}

/// <summary>A connection error that restarting cannot fix (invalid token): the supervisor stops and reports it.</summary>
internal sealed class ChannelFatalException(string message, Exception? inner = null) : Exception(message, inner);
