using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using OpenClaw.Contracts;
using OpenClaw.Contracts.Channels;
using StackExchange.Redis;

namespace OpenClaw.ChannelWorkers.Pipeline;

/// <summary>
/// Appends normalised inbound messages to <c>openclaw:inbound</c>, once per platform message: the XADD and a
/// <c>published:&lt;channel&gt;:&lt;account&gt;:&lt;id&gt;</c> mark go together in one script, so retrying after a lost
/// reply (Redis restarting) or re-reading updates whose offset was not saved (worker killed) adds nothing twice.
/// The stream is trimmed by its consumer (the gateway), never past an entry not yet answered.
/// </summary>
internal sealed partial class InboundPublisher(
    IConnectionMultiplexer redis,
    IOptions<ChannelWorkerOptions> options,
    ILogger<InboundPublisher> logger) : IInboundSink
{
    // Checked first and written after the XADD: if the XADD fails, nothing was written.
    private const string PublishOnce = """
        if redis.call('EXISTS', KEYS[2]) == 1 then
          return false
        end
        local id = redis.call('XADD', KEYS[1], '*', ARGV[2], ARGV[3], ARGV[4], ARGV[5])
        redis.call('SET', KEYS[2], id, 'PX', ARGV[1])
        return id
        """;

    private readonly StreamNames _names = new(options.Value.RedisPrefix);
    private readonly string _ttlMs = ((long)options.Value.PublishedTtl.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    public async Task PublishAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        using var activity = ChannelWorkerTelemetry.Source.StartActivity("channel inbound", ActivityKind.Producer);
        activity?.SetTag("openclaw.channel", message.Channel);
        activity?.SetTag("openclaw.account", message.AccountId);
        var envelope = EnvelopeSerializer.Wrap(ChannelMessageTypes.InboundMessage, message);
        RedisKey[] keys = [_names.Inbound, $"{_names.Prefix}published:{message.Channel}:{message.AccountId}:{message.PlatformMessageId}"];
        RedisValue[] args =
        [
            _ttlMs,
            ChannelMessageTypes.TypeField, ChannelMessageTypes.InboundMessage,
            ChannelMessageTypes.EnvelopeField, EnvelopeSerializer.SerializeToUtf8Bytes(envelope),
        ];

        // A Redis outage must not lose the message: keep trying until Redis is back or we are stopped.
        // The platform has not been told we have it (offset not confirmed), so stopping is safe too.
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                var added = await redis.GetDatabase().ScriptEvaluateAsync(PublishOnce, keys, args).ConfigureAwait(false);
                if (added.IsNull)
                {
                    LogAlreadyPublished(message.Channel, message.PlatformMessageId);
                }
                else
                {
                    ChannelWorkerTelemetry.InboundMessages.Add(1, new KeyValuePair<string, object?>("channel", message.Channel));
                }

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

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Channel} message {PlatformMessageId} was already published; not adding it again")]
    private partial void LogAlreadyPublished(string channel, string platformMessageId);
}
