using BenchmarkDotNet.Attributes;
using OpenClaw.Contracts;
using OpenClaw.Contracts.Channels;
using OpenClaw.Testing;
using StackExchange.Redis;

namespace OpenClaw.Benchmarks;

/// <summary>
/// An inbound chat message through a real redis-server on a free loopback port: wrap + serialize the envelope, XADD,
/// XRANGE it back, deserialize — what a channel worker and the gateway do per message.
/// </summary>
[MemoryDiagnoser]
public class RedisEnvelopeBenchmarks
{
    private RedisServer _redis = null!;
    private ConnectionMultiplexer _connection = null!;
    private IDatabase _db = null!;
    private readonly RedisKey _stream = "openclaw:bench:inbound";
    private readonly InboundMessage _message = new()
    {
        Channel = "telegram",
        AccountId = "default",
        ChatType = ChatType.Direct,
        ChatId = "123456789",
        Sender = new InboundSender { Id = "123456789", Name = "Ada", Username = "ada" },
        Text = "What is on my calendar today?",
        PlatformMessageId = "4242",
        ReceivedAt = DateTimeOffset.UnixEpoch,
    };

    [GlobalSetup]
    public void Setup()
    {
        _redis = RedisServer.StartAsync().GetAwaiter().GetResult();
        _connection = _redis.ConnectAsync().GetAwaiter().GetResult();
        _db = _connection.GetDatabase();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _connection.Dispose();
        _redis.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Description = "envelope serialize only")]
    public byte[] Serialize() => EnvelopeSerializer.SerializeToUtf8Bytes(EnvelopeSerializer.Wrap(ChannelMessageTypes.InboundMessage, _message));

    [Benchmark(Description = "envelope XADD + XRANGE + deserialize (real Redis)")]
    public async Task<string> RoundTrip()
    {
        var bytes = EnvelopeSerializer.SerializeToUtf8Bytes(EnvelopeSerializer.Wrap(ChannelMessageTypes.InboundMessage, _message));
        var id = await _db.StreamAddAsync(_stream, "envelope", bytes, maxLength: 10_000, useApproximateMaxLength: true);
        var entries = await _db.StreamRangeAsync(_stream, id, id);
        var back = EnvelopeSerializer.Deserialize<InboundMessage>((byte[])entries[0]["envelope"]!);
        return back.Payload.Text;
    }
}
