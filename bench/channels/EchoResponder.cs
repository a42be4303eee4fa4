using OpenClaw.Contracts;
using OpenClaw.Contracts.Channels;
using StackExchange.Redis;

/// <summary>
/// Transport-only mode of the benchmark: answers every inbound entry at once with the gateway's stream protocol
/// (group <c>gateway</c>, seen-key check, reply + XACK + seen in one MULTI), so the figures isolate the channel
/// pipeline (fake Telegram → worker → Redis → worker → fake Telegram) from the agent runner and session store.
/// </summary>
internal sealed class EchoResponder(IConnectionMultiplexer redis)
{
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

        while (!cancellationToken.IsCancellationRequested)
        {
            var entries = await db.StreamReadGroupAsync(Names.Inbound, StreamNames.GatewayGroup, "bench-echo", ">", 256);
            if (entries.Length == 0)
            {
                await Task.Delay(1, cancellationToken);
                continue;
            }

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
                var transaction = db.CreateTransaction();
                transaction.AddCondition(Condition.KeyNotExists(seen));
                _ = transaction.StreamAddAsync(Names.Outbound(inbound.Channel),
                [
                    new NameValueEntry(ChannelMessageTypes.TypeField, ChannelMessageTypes.OutboundMessage),
                    new NameValueEntry(ChannelMessageTypes.EnvelopeField, EnvelopeSerializer.SerializeToUtf8Bytes(EnvelopeSerializer.Wrap(ChannelMessageTypes.OutboundMessage, reply))),
                ]);
                _ = transaction.StreamAcknowledgeAsync(Names.Inbound, StreamNames.GatewayGroup, entry.Id);
                _ = transaction.StringSetAsync(seen, entry.Id.ToString(), TimeSpan.FromHours(24));
                finishing.Add(transaction.ExecuteAsync());
            }

            await Task.WhenAll(finishing);
        }
    }
}
