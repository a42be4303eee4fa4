using Microsoft.Extensions.Options;
using OpenClaw.Contracts;
using OpenClaw.Contracts.Channels;
using StackExchange.Redis;

namespace OpenClaw.ChannelWorkers.Pipeline;

/// <summary>Moves an entry to <c>openclaw:deadletter</c> and acknowledges it, in one transaction.</summary>
internal sealed class DeadLetterWriter(IConnectionMultiplexer redis, IOptions<ChannelWorkerOptions> options, TimeProvider clock)
{
    private readonly StreamNames _names = new(options.Value.RedisPrefix);

    public async Task WriteAsync(RedisKey stream, string group, StreamEntry entry, string reason, long attempts)
    {
        var deadLetter = new DeadLetterEntry
        {
            Stream = stream.ToString(),
            Group = group,
            EntryId = entry.Id.ToString(),
            Attempts = (int)attempts,
            Reason = reason,
            Envelope = entry[ChannelMessageTypes.EnvelopeField].IsNull ? null : (string?)entry[ChannelMessageTypes.EnvelopeField],
            FailedAt = clock.GetUtcNow(),
        };
        var envelope = EnvelopeSerializer.Wrap(ChannelMessageTypes.DeadLetter, deadLetter, clock);
        var transaction = redis.GetDatabase().CreateTransaction();
        _ = transaction.StreamAddAsync(_names.DeadLetter,
            [
                new NameValueEntry(ChannelMessageTypes.TypeField, ChannelMessageTypes.DeadLetter),
                new NameValueEntry(ChannelMessageTypes.EnvelopeField, EnvelopeSerializer.Serialize(envelope)),
            ],
            maxLength: options.Value.StreamMaxLength, useApproximateMaxLength: true);
        _ = transaction.StreamAcknowledgeAsync(stream, group, entry.Id);
        await transaction.ExecuteAsync().ConfigureAwait(false);
        ChannelWorkerTelemetry.DeadLetters.Add(1);
    }
}
