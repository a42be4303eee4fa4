using OpenClaw.Contracts;
using OpenClaw.Contracts.Channels;
using OpenClaw.Messaging;
using StackExchange.Redis;

/// <summary>
/// Transport-only mode of the benchmark: answers every inbound entry at once with the gateway's stream protocol
/// (group <c>gateway</c>, blocking XREADGROUP, reply + XACK + done-mark in one script guarded by the done-mark, as
/// the gateway's InboundFinishScript), so the figures isolate the channel pipeline (fake Telegram → worker → Redis →
/// worker → fake Telegram) from the agent runner and session store.
/// </summary>
internal sealed class EchoResponder(IConnectionMultiplexer redis)
{
    private const string Finish = """
        if redis.call('EXISTS', KEYS[1]) == 1 then
          redis.call('XACK', KEYS[2], ARGV[2], ARGV[1])
          return 0
        end
        redis.call('XADD', KEYS[3], '*', ARGV[4], ARGV[5], ARGV[6], ARGV[7])
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
        redis.call('XACK', KEYS[2], ARGV[2], ARGV[1])
        return 1
        """;

    private static readonly StreamNames Names = new();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        try
        {
            await db.StreamCreateConsumerGroupAsync(Names.Inbound, StreamNames.GatewayGroup, "0-0", createStream: true);
        }
        catch (RedisServerException)
        {
        }

        await using var dedicated = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var reader = new BlockingStreamReader(dedicated);
        while (!cancellationToken.IsCancellationRequested)
        {
            var entries = await reader.ReadGroupAsync(Names.Inbound, StreamNames.GatewayGroup, "bench-echo", 256, TimeSpan.FromSeconds(1));

            var finishing = new List<Task>(entries.Length);
            foreach (var entry in entries)
            {
                var inbound = EnvelopeSerializer.Deserialize<InboundMessage>((byte[])entry[ChannelMessageTypes.EnvelopeField]!).Payload;
                var seen = Names.Seen(inbound.Channel, inbound.AccountId, inbound.PlatformMessageId);
                var reply = new OutboundMessage
                {
                    Target = new OutboundTarget { Channel = inbound.Channel, AccountId = inbound.AccountId, ChatId = inbound.ChatId },
                    Text = "ack " + inbound.Text.Split(' ').Last(),
                    IdempotencyKey = $"reply:{inbound.Channel}:{inbound.AccountId}:{inbound.PlatformMessageId}",
                };
                finishing.Add(db.ScriptEvaluateAsync(Finish, [seen, Names.Inbound, Names.Outbound(inbound.Channel)],
                [
                    entry.Id, StreamNames.GatewayGroup, "86400000",
                    ChannelMessageTypes.TypeField, ChannelMessageTypes.OutboundMessage, ChannelMessageTypes.EnvelopeField,
                    EnvelopeSerializer.SerializeToUtf8Bytes(EnvelopeSerializer.Wrap(ChannelMessageTypes.OutboundMessage, reply)),
                ]));
            }

            await Task.WhenAll(finishing);
        }
    }
}
