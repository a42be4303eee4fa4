using System.Globalization;
using OpenClaw.Contracts;
using OpenClaw.Contracts.Channels;
using StackExchange.Redis;

namespace OpenClaw.Gateway.Channels;

/// <summary>
/// Finishes an inbound entry in one atomic Redis step (a Lua script runs as a transaction): unless its platform
/// message is already marked done, publish the reply, mark it done, acknowledge the entry; if it is already done,
/// only acknowledge. The answer says which happened.
/// </summary>
/// <remarks>
/// Why not <c>MULTI</c> with a "key not exists" condition: StackExchange.Redis answers <c>false</c> both when
/// the condition failed and when it could not check it in time (a stalled or restarting Redis) — indistinguishable,
/// and reading that <c>false</c> as "someone else finished it" acknowledged messages nobody answered. The script
/// has no such second meaning, needs one round trip instead of two, and does not hold the shared connection
/// while a condition is checked. Retrying it after a lost reply is safe: the second run finds the done-mark.
/// </remarks>
internal static class InboundFinishScript
{
    // The done-mark is checked first and written after the XADD: if the XADD fails, nothing was written.
    private const string Script = """
        if redis.call('EXISTS', KEYS[1]) == 1 then
          redis.call('XACK', KEYS[2], ARGV[2], ARGV[1])
          return 0
        end
        if ARGV[4] ~= '' then
          redis.call('XADD', KEYS[3], '*', ARGV[5], ARGV[6], ARGV[7], ARGV[4])
        end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
        redis.call('XACK', KEYS[2], ARGV[2], ARGV[1])
        return 1
        """;

    /// <summary>True when this call published (or, for a null reply, recorded) the answer; false for a duplicate.</summary>
    public static async Task<bool> RunAsync(IDatabase db, RedisKey seenKey, RedisKey inbound, RedisKey outbound, RedisValue entryId,
        byte[]? replyEnvelope, TimeSpan seenTtl)
    {
        var result = await db.ScriptEvaluateAsync(Script,
            [seenKey, inbound, outbound],
            [
                entryId,
                StreamNames.GatewayGroup,
                ((long)seenTtl.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
                replyEnvelope ?? RedisValue.EmptyString,
                ChannelMessageTypes.TypeField,
                ChannelMessageTypes.OutboundMessage,
                ChannelMessageTypes.EnvelopeField,
            ]).ConfigureAwait(false);
        return (long)result == 1;
    }
}
