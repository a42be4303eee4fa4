using System.Text.Json;
using OpenClaw.Contracts;
using OpenClaw.Contracts.Channels;
using OpenClaw.Fakes.Models;
using OpenClaw.Gateway.Tests.Infrastructure;
using OpenClaw.Testing;
using StackExchange.Redis;

namespace OpenClaw.Gateway.Tests.Cron;

/// <summary>Cron with a real Redis: several replicas fire a job once; announcements go to the channel's outbound stream.</summary>
public sealed class CronReplicaTests
{
    private static string SharedJob(long createdAtMs) => $$"""
        { "version": 1, "jobs": [
          { "id": "shared-job", "name": "Shared", "enabled": true, "createdAtMs": {{createdAtMs}}, "updatedAtMs": {{createdAtMs}},
            "schedule": { "kind": "every", "everyMs": 60000 }, "sessionTarget": "isolated", "wakeMode": "now",
            "payload": { "kind": "agentTurn", "message": "replica-job" }, "delivery": { "mode": "none" }, "state": {} } ] }
        """;

    [Fact]
    public async Task Two_gateways_on_one_redis_fire_each_time_of_a_job_exactly_once()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var model = await FakeOpenAiServer.StartNewAsync("test-key");
        var start = CronTestGateway.Start.ToUnixTimeMilliseconds();
        // Each replica has its own copy of the same job (worst case: nothing shared but Redis).
        await using var a = await CronTestGateway.StartAsync(jobsJson: SharedJob(start), redis: redis.ConnectionString, sharedModel: model);
        await using var b = await CronTestGateway.StartAsync(jobsJson: SharedJob(start), redis: redis.ConnectionString, sharedModel: model);

        for (var fire = 1; fire <= 3; fire++)
        {
            a.Advance(TimeSpan.FromMinutes(1));
            b.Advance(TimeSpan.FromMinutes(1));
            var expected = fire;
            await Poll.UntilAsync(() => a.RunLog("shared-job").Count + b.RunLog("shared-job").Count >= expected, $"fire time {fire} to run on one replica", TimeSpan.FromSeconds(60));
            // Both replicas have moved past this fire time before the clock moves on.
            await Poll.UntilAsync(async () =>
                (await a.Cron.GetAsync("shared-job", TestContext.Current.CancellationToken))!.State.NextRunAtMs > start + expected * 60_000
                && (await b.Cron.GetAsync("shared-job", TestContext.Current.CancellationToken))!.State.NextRunAtMs > start + expected * 60_000,
                "both replicas to schedule the next fire time");
        }

        Assert.Equal(3, a.RunLog("shared-job").Count + b.RunLog("shared-job").Count);
        Assert.Equal(3, model.Requests.Count(r => r.ToJsonString().Contains("replica-job", StringComparison.Ordinal)));
        var runAts = a.RunLog("shared-job").Concat(b.RunLog("shared-job")).Select(r => (long)r["runAtMs"]!).Order().ToList();
        Assert.Equal(3, runAts.Distinct().Count());
    }

    [Fact]
    public async Task An_announce_job_queues_its_reply_once_on_the_channels_outbound_stream()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var gateway = await CronTestGateway.StartAsync(redis: redis.ConnectionString);
        var job = await gateway.Cron.AddAsync(JsonDocument.Parse("""
            { "name": "Brief", "schedule": {"kind":"every","everyMs":60000}, "sessionTarget": "isolated",
              "payload": { "kind": "agentTurn", "message": "announce-me" },
              "delivery": { "mode": "announce", "channel": "telegram", "to": "telegram:4242" } }
            """).RootElement, TestContext.Current.CancellationToken);

        gateway.Advance(TimeSpan.FromMinutes(1));
        var run = Assert.Single(await gateway.WaitForRunsAsync(job.Id, 1));
        Assert.Equal("ok", (string?)run["status"]);
        Assert.Equal("delivered", (string?)run["deliveryStatus"]);

        await using var connection = await redis.ConnectAsync();
        var entries = await connection.GetDatabase().StreamRangeAsync(new StreamNames().Outbound("telegram"));
        var entry = Assert.Single(entries);
        var envelope = EnvelopeSerializer.Deserialize<OutboundMessage>(entry[ChannelMessageTypes.EnvelopeField].ToString());
        Assert.Equal("4242", envelope.Payload.Target.ChatId);
        Assert.Equal("default", envelope.Payload.Target.AccountId);
        Assert.Contains("announce-me", envelope.Payload.Text, StringComparison.Ordinal);
        Assert.Equal($"cron:{job.Id}:{(long)run["runAtMs"]!}", envelope.Payload.IdempotencyKey);
    }
}
