using System.Diagnostics;
using Microsoft.Extensions.Options;
using OpenClaw.Contracts;
using OpenClaw.Contracts.Channels;
using StackExchange.Redis;

namespace OpenClaw.ChannelWorkers.Pipeline;

/// <summary>Appends normalised inbound messages to <c>openclaw:inbound</c> (XADD, trimmed by length).</summary>
internal sealed class InboundPublisher(
    IConnectionMultiplexer redis,
    IOptions<ChannelWorkerOptions> options,
    ILogger<InboundPublisher> logger) : IInboundSink
{
    private readonly StreamNames _names = new(options.Value.RedisPrefix);

    public async Task PublishAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        using var activity = ChannelWorkerTelemetry.Source.StartActivity("channel inbound", ActivityKind.Producer);
        activity?.SetTag("openclaw.channel", message.Channel);
        activity?.SetTag("openclaw.account", message.AccountId);
        var envelope = EnvelopeSerializer.Wrap(ChannelMessageTypes.InboundMessage, message);
        var fields = new NameValueEntry[]
        {
            new(ChannelMessageTypes.TypeField, ChannelMessageTypes.InboundMessage),
            new(ChannelMessageTypes.EnvelopeField, EnvelopeSerializer.SerializeToUtf8Bytes(envelope)),
        };

        // A Redis outage must not lose the message: keep trying until Redis is back or we are stopped.
        // The platform has not been told we have it (offset not confirmed), so stopping is safe too.
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                await redis.GetDatabase().StreamAddAsync(
                    _names.Inbound, fields, maxLength: options.Value.StreamMaxLength, useApproximateMaxLength: true).ConfigureAwait(false);
                ChannelWorkerTelemetry.InboundMessages.Add(1, new KeyValuePair<string, object?>("channel", message.Channel));
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                logger.LogWarning("Redis unavailable while publishing an inbound {Channel} message, retrying in {Delay}: {Error}",
                    message.Channel, delay, ex.Message);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }
}
