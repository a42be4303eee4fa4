using System.Globalization;
using StackExchange.Redis;

namespace OpenClaw.Messaging;

/// <summary>
/// <c>XREADGROUP … BLOCK</c>, which StackExchange.Redis does not offer because a blocking command stalls
/// its shared connection. It runs on a multiplexer of its own, so nothing else waits behind it, and lets
/// an entry reach its consumer milliseconds after it was added instead of at the next poll.
/// </summary>
public sealed class BlockingStreamReader(IConnectionMultiplexer dedicatedConnection)
{
    public async Task<StreamEntry[]> ReadGroupAsync(
        RedisKey stream, string group, string consumer, int count, TimeSpan block)
    {
        var result = await dedicatedConnection.GetDatabase().ExecuteAsync(
            "XREADGROUP",
            "GROUP", group, consumer,
            "COUNT", count.ToString(CultureInfo.InvariantCulture),
            "BLOCK", ((long)block.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            "STREAMS", (string)stream!, ">").ConfigureAwait(false);
        return Parse(result);
    }

    public static StreamEntry[] Parse(RedisResult result)
    {
        // Reply: nil (timeout) or [[stream, [[id, [field, value, …]], …]]]; RESP3 servers may send a map.
        if (result.IsNull || result.Resp2Type != ResultType.Array)
        {
            return [];
        }

        var streams = (RedisResult[])result!;
        if (streams.Length == 0)
        {
            return [];
        }

        // RESP2: [[name, entries]]; RESP3 answers a map, which reads here as [name, entries].
        var entries = streams[0].Resp2Type == ResultType.Array
            ? (RedisResult[])((RedisResult[])streams[0]!)[1]!
            : (RedisResult[])streams[1]!;
        var parsed = new StreamEntry[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            var pair = (RedisResult[])entries[i]!;
            var id = (RedisValue)pair[0];
            if (pair[1].IsNull)
            {
                // A pending entry deleted by trimming comes back without fields.
                parsed[i] = new StreamEntry(id, []);
                continue;
            }

            var fields = (RedisResult[])pair[1]!;
            var values = new NameValueEntry[fields.Length / 2];
            for (var f = 0; f < values.Length; f++)
            {
                values[f] = new NameValueEntry((RedisValue)fields[2 * f], (RedisValue)fields[(2 * f) + 1]);
            }

            parsed[i] = new StreamEntry(id, values);
        }

        return parsed;
    }
}
