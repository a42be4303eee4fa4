using System.Globalization;
using StackExchange.Redis;

namespace OpenClaw.Gateway.Channels;

/// <summary>
/// <c>XREADGROUP … BLOCK</c> on a connection of its own (StackExchange.Redis has no blocking reads because
/// they would stall its shared connection); an inbound message starts its turn without waiting for a poll.
/// </summary>
internal sealed class BlockingStreamReader(IConnectionMultiplexer dedicatedConnection)
{
    public async Task<StreamEntry[]> ReadGroupAsync(RedisKey stream, string group, string consumer, int count, TimeSpan block)
    {
        var result = await dedicatedConnection.GetDatabase().ExecuteAsync(
            "XREADGROUP", "GROUP", group, consumer,
            "COUNT", count.ToString(CultureInfo.InvariantCulture),
            "BLOCK", ((long)block.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            "STREAMS", (string)stream!, ">").ConfigureAwait(false);
        if (result.IsNull || result.Resp2Type != ResultType.Array)
        {
            return [];
        }

        var streams = (RedisResult[])result!;
        if (streams.Length == 0)
        {
            return [];
        }

        // RESP2: [[name, entries]]; RESP3 answers a map, which reads as [name, entries].
        var entries = streams[0].Resp2Type == ResultType.Array ? (RedisResult[])((RedisResult[])streams[0]!)[1]! : (RedisResult[])streams[1]!;
        var parsed = new StreamEntry[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            var pair = (RedisResult[])entries[i]!;
            if (pair[1].IsNull)
            {
                parsed[i] = new StreamEntry((RedisValue)pair[0], []);
                continue;
            }

            var fields = (RedisResult[])pair[1]!;
            var values = new NameValueEntry[fields.Length / 2];
            for (var f = 0; f < values.Length; f++)
            {
                values[f] = new NameValueEntry((RedisValue)fields[2 * f], (RedisValue)fields[(2 * f) + 1]);
            }

            parsed[i] = new StreamEntry((RedisValue)pair[0], values);
        }

        return parsed;
    }
}
