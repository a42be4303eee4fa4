using OpenClaw.Contracts;
using OpenClaw.Contracts.Channels;
using OpenClaw.Gateway.Channels;
using StackExchange.Redis;

namespace OpenClaw.Gateway.Tools.Messaging;

/// <summary>
/// XADDs an <see cref="OutboundMessage"/> envelope to <c>openclaw:outbound:&lt;channel&gt;</c>, where the channel's
/// worker (consumer group <c>channel-&lt;channel&gt;</c>) sends it once, de-duplicated by its idempotency key.
/// </summary>
public sealed class RedisOutboundMessageSender(IConnectionMultiplexer redis, StreamNames names) : IOutboundMessageSender
{
    public async Task<string> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var id = await redis.GetDatabase().StreamAddAsync(names.Outbound(message.Target.Channel), ChannelStreamWriter.MessageFields(message))
            .ConfigureAwait(false);
        return id.ToString();
    }
}

/// <summary>Used when the gateway has no Redis connection: the message tool says so instead of dropping messages.</summary>
internal sealed class UnavailableOutboundMessageSender : IOutboundMessageSender
{
    public Task<string> SendAsync(OutboundMessage message, CancellationToken cancellationToken) =>
        throw new ToolException("message: channel delivery is not available on this gateway (no Redis connection for the outbound streams).");
}
