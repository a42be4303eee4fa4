using OpenClaw.Contracts;
using OpenClaw.Contracts.Sandbox;
using StackExchange.Redis;

namespace OpenClaw.SandboxManager.Tests.Infrastructure;

/// <summary>Plays the gateway on the wire: XADD a request envelope, wait for the reply with its id on our reply stream.</summary>
public sealed class SandboxRequester(IConnectionMultiplexer redis, string instance = "test-gateway")
{
    private readonly StreamNames _streams = new();

    public string Instance => instance;

    public async Task<string> SendRawAsync(params NameValueEntry[] fields)
    {
        var id = await redis.GetDatabase().StreamAddAsync(_streams.SandboxRequests, fields);
        await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(_streams.SandboxRequests + SandboxMessageTypes.NotifySuffix), "1");
        return id.ToString();
    }

    /// <summary>Sends the request; returns its envelope id without waiting.</summary>
    public async Task<string> PostAsync(SandboxRequest request)
    {
        var envelope = EnvelopeSerializer.Wrap<SandboxRequest>(SandboxMessageTypes.Request, request with { ReplyTo = instance });
        await SendRawAsync(new NameValueEntry(SandboxMessageTypes.EnvelopeField, EnvelopeSerializer.Serialize(envelope)));
        return envelope.Id;
    }

    public async Task<SandboxReply> SendAsync(SandboxRequest request, TimeSpan? timeout = null)
    {
        var id = await PostAsync(request);
        return await WaitForReplyAsync(id, timeout);
    }

    public async Task<T> CallAsync<T>(SandboxRequest request)
        where T : SandboxResult
    {
        var reply = await SendAsync(request);
        Assert.True(reply.Ok, $"sandbox request failed: {reply.Error?.Code}: {reply.Error?.Message}");
        return Assert.IsType<T>(reply.Result);
    }

    public async Task<SandboxReply> WaitForReplyAsync(string requestId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        var stream = _streams.SandboxReplies(instance);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var entry in await redis.GetDatabase().StreamReadAsync(stream, "0-0"))
            {
                var reply = EnvelopeSerializer.Deserialize<SandboxReply>((string)entry[SandboxMessageTypes.EnvelopeField]!).Payload;
                if (reply.RequestId == requestId)
                {
                    return reply;
                }
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"no reply to sandbox request {requestId}");
    }

    /// <summary>All replies with this id (to check a request is answered, and how often).</summary>
    public async Task<IReadOnlyList<SandboxReply>> RepliesAsync(string requestId) =>
        [.. (await redis.GetDatabase().StreamReadAsync(_streams.SandboxReplies(instance), "0-0"))
            .Select(e => EnvelopeSerializer.Deserialize<SandboxReply>((string)e[SandboxMessageTypes.EnvelopeField]!).Payload)
            .Where(r => r.RequestId == requestId)];
}
