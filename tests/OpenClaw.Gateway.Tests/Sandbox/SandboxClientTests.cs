using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenClaw.Contracts;
using OpenClaw.Contracts.Sandbox;
using OpenClaw.Gateway.Sandbox;
using OpenClaw.Testing;
using StackExchange.Redis;

namespace OpenClaw.Gateway.Tests.Sandbox;

/// <summary>
/// The gateway's side of the sandbox wire protocol against a real Redis: requests land on
/// <c>openclaw:sandbox:requests</c>, replies are matched by request id, and no manager means a clear timeout.
/// The test answers on the wire the way a SandboxManager does (consumer group, reply stream, notify).
/// </summary>
public sealed class SandboxClientTests : IAsyncLifetime
{
    private readonly StreamNames _streams = new();
    private RedisServer _redis = null!;
    private ConnectionMultiplexer _connection = null!;

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _connection = await _redis.ConnectAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Without_a_manager_a_call_times_out_with_a_clear_error()
    {
        await using var client = Client(TimeSpan.FromSeconds(1));

        var exception = await Assert.ThrowsAsync<SandboxException>(() => client.ListAsync(new ListSandboxesRequest(), TestContext.Current.CancellationToken));

        Assert.Equal(SandboxErrorCodes.Timeout, exception.Code);
        Assert.Contains("OpenClaw.SandboxManager", exception.Message, StringComparison.Ordinal);
        var entry = Assert.Single(await _connection.GetDatabase().StreamRangeAsync(_streams.SandboxRequests));
        var envelope = EnvelopeSerializer.Deserialize<SandboxRequest>((string)entry[SandboxMessageTypes.EnvelopeField]!);
        Assert.Equal(SandboxMessageTypes.Request, envelope.Type);
        Assert.Equal(client.InstanceId, envelope.Payload.ReplyTo);
        Assert.NotNull(envelope.Payload.ExpiresAtMs);
    }

    [Fact]
    public async Task Concurrent_requests_each_get_their_own_reply_and_errors_become_exceptions()
    {
        await using var client = Client(TimeSpan.FromSeconds(30));
        var spec = new SandboxSpec { ScopeKey = "shared", ContainerName = "openclaw-sbx-shared", WorkspaceDir = "/tmp/ws", ConfigHash = "abc" };
        using var stop = new CancellationTokenSource();
        var responder = AnswerLikeAManagerAsync(stop.Token);

        var calls = Enumerable.Range(0, 10)
            .Select(i => client.ExecAsync(new ExecRequest { Spec = spec, Command = $"echo {i}" }, TestContext.Current.CancellationToken))
            .ToList();
        var results = await Task.WhenAll(calls);
        var failure = await Assert.ThrowsAsync<SandboxException>(() =>
            client.WriteFileAsync(new WriteFileRequest { Spec = spec, Path = "x", Content = "y" }, TestContext.Current.CancellationToken));
        await stop.CancelAsync();
        await responder;

        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"{i}\n"), results.Select(r => r.Stdout));
        Assert.Equal(SandboxErrorCodes.ReadOnly, failure.Code);
        Assert.Equal("writes refused here", failure.Message);
    }

    [Fact]
    public async Task Without_redis_a_call_fails_with_a_clear_error()
    {
        await using var client = Client(TimeSpan.FromSeconds(5));
        await _redis.KillAsync();

        var exception = await Assert.ThrowsAsync<SandboxException>(() => client.ListAsync(new ListSandboxesRequest(), TestContext.Current.CancellationToken));

        Assert.Equal(SandboxErrorCodes.RedisUnavailable, exception.Code);
        Assert.Contains("Redis does not answer", exception.Message, StringComparison.Ordinal);
    }

    private SandboxClient Client(TimeSpan timeout) => new(
        _connection,
        Options.Create(new SandboxClientOptions { RequestTimeout = timeout, PollInterval = TimeSpan.FromMilliseconds(200) }),
        NullLogger<SandboxClient>.Instance);

    /// <summary>Echoes exec commands (out of order, to prove correlation) and refuses writes.</summary>
    private async Task AnswerLikeAManagerAsync(CancellationToken cancellationToken)
    {
        var db = _connection.GetDatabase();
        try
        {
            await db.StreamCreateConsumerGroupAsync(_streams.SandboxRequests, StreamNames.SandboxManagerGroup, "0-0", createStream: true);
        }
        catch (RedisServerException)
        {
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            var entries = await db.StreamReadGroupAsync(_streams.SandboxRequests, StreamNames.SandboxManagerGroup, "test-manager", ">", count: 100);
            foreach (var entry in entries.Reverse())
            {
                var request = EnvelopeSerializer.Deserialize<SandboxRequest>((string)entry[SandboxMessageTypes.EnvelopeField]!);
                var reply = request.Payload switch
                {
                    ExecRequest exec => new SandboxReply { RequestId = request.Id, Ok = true, Result = new ExecResult { Stdout = exec.Command[5..] + "\n" } },
                    _ => new SandboxReply { RequestId = request.Id, Ok = false, Error = new SandboxError(SandboxErrorCodes.ReadOnly, "writes refused here") },
                };
                var stream = _streams.SandboxReplies(request.Payload.ReplyTo);
                await db.StreamAddAsync(stream, SandboxMessageTypes.EnvelopeField, EnvelopeSerializer.Serialize(EnvelopeSerializer.Wrap(SandboxMessageTypes.Reply, reply)));
                await db.StreamAcknowledgeAsync(_streams.SandboxRequests, StreamNames.SandboxManagerGroup, entry.Id);
                await _connection.GetSubscriber().PublishAsync(RedisChannel.Literal(stream + SandboxMessageTypes.NotifySuffix), "1");
            }

            if (entries.Length == 0)
            {
                await Task.Delay(20, CancellationToken.None);
            }
        }
    }
}
