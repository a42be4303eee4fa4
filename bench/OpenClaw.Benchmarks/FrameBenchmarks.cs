using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using OpenClaw.Contracts.Protocol;
using OpenClaw.Gateway.Protocol;

namespace OpenClaw.Benchmarks;

/// <summary>The WebSocket frames of one chat turn: parse the client's <c>chat.send</c>, serialize the ack and the final event.</summary>
[MemoryDiagnoser]
public class FrameBenchmarks
{
    private readonly byte[] _chatSend = Encoding.UTF8.GetBytes(
        """{"type":"req","id":"42:8f0c2a8e-4c1b-4f3e-9a55-0d2b1c3e4f5a","method":"chat.send","params":{"sessionKey":"agent:main:main","message":"What is on my calendar today?","idempotencyKey":"8f0c2a8e4c1b4f3e9a550d2b1c3e4f5a"}}""");

    private readonly ResponseFrame _ack = new() { Id = "42:8f0c2a8e-4c1b-4f3e-9a55-0d2b1c3e4f5a", Ok = true, Payload = new { runId = "8f0c2a8e4c1b4f3e9a550d2b1c3e4f5a", status = "started" } };

    private readonly EventFrame _final = new()
    {
        Event = "chat",
        Seq = 1234,
        Payload = new
        {
            runId = "8f0c2a8e4c1b4f3e9a550d2b1c3e4f5a",
            sessionKey = "agent:main:main",
            seq = 3,
            state = "final",
            message = new { role = "assistant", content = new[] { new { type = "text", text = "You have two meetings: standup at 10:00 and a design review at 15:00." } }, timestamp = 1795450204349 },
        },
    };

    [Benchmark(Description = "parse chat.send request (FrameReader.TryParse + fields)")]
    public string? ParseRequest()
    {
        using var doc = FrameReader.TryParse(_chatSend);
        var root = doc!.RootElement;
        var method = FrameReader.StringOf(root, "method");
        var p = root.GetProperty("params");
        return method + FrameReader.StringOf(p, "sessionKey") + FrameReader.StringOf(p, "idempotencyKey");
    }

    [Benchmark(Description = "serialize res (chat.send ack)")]
    public byte[] SerializeAck() => ProtocolJson.Serialize(_ack);

    [Benchmark(Description = "serialize event (chat final)")]
    public byte[] SerializeFinalEvent() => ProtocolJson.Serialize(_final);

    [Benchmark(Description = "deserialize RequestFrame (client side)")]
    public RequestFrame? DeserializeRequest() => JsonSerializer.Deserialize<RequestFrame>(_chatSend, ProtocolJson.Options);
}
