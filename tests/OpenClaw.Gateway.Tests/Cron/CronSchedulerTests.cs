using System.Text.Json;
using System.Text.Json.Nodes;
using OpenClaw.Gateway.Cron;
using OpenClaw.Gateway.Tests.Infrastructure;

namespace OpenClaw.Gateway.Tests.Cron;

/// <summary>The scheduler on a fake clock: every schedule kind fires when the clock reaches it, in its time zone, once.</summary>
public sealed class CronSchedulerTests
{
    private static long Ms(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static JsonElement IsolatedJob(string name, string schedule, string message, string delivery = """{"mode":"none"}""") => Json($$"""
        { "name": "{{name}}", "schedule": {{schedule}}, "sessionTarget": "isolated",
          "payload": { "kind": "agentTurn", "message": "{{message}}" }, "delivery": {{delivery}} }
        """);

    [Fact]
    public async Task An_every_job_runs_each_interval_in_a_fresh_isolated_session_and_logs_each_run()
    {
        await using var gateway = await CronTestGateway.StartAsync();
        var job = await gateway.Cron.AddAsync(IsolatedJob("Pulse", """{"kind":"every","everyMs":600000}""", "pulse-check"), TestContext.Current.CancellationToken);
        Assert.Equal(CronTestGateway.Start.AddMinutes(10).ToUnixTimeMilliseconds(), job.State.NextRunAtMs);

        gateway.Advance(TimeSpan.FromMinutes(9));
        gateway.Advance(TimeSpan.FromMinutes(1));
        var first = Assert.Single(await gateway.WaitForRunsAsync(job.Id, 1));
        Assert.Equal("ok", (string?)first["status"]);
        Assert.Contains("done:", (string?)first["summary"], StringComparison.Ordinal);
        Assert.Equal($"agent:main:cron:{job.Id}", (string?)first["sessionKey"]);
        Assert.Equal(CronTestGateway.Start.AddMinutes(20).ToUnixTimeMilliseconds(), (long?)first["nextRunAtMs"]);

        gateway.Advance(TimeSpan.FromMinutes(10));
        var runs = await gateway.WaitForRunsAsync(job.Id, 2);
        Assert.NotEqual((string?)runs[0]["sessionId"], (string?)runs[1]["sessionId"]);
        Assert.Equal(2, gateway.ModelRequestsContaining("pulse-check"));

        var stored = await gateway.Cron.GetAsync(job.Id, TestContext.Current.CancellationToken);
        Assert.Equal("ok", stored!.State.LastRunStatus);
        Assert.Equal(0, stored.State.ConsecutiveErrors);
        Assert.Equal(CronTestGateway.Start.AddMinutes(30).ToUnixTimeMilliseconds(), stored.State.NextRunAtMs);
    }

    [Fact]
    public async Task A_one_shot_main_reminder_runs_once_in_the_main_session_and_is_deleted()
    {
        await using var gateway = await CronTestGateway.StartAsync();
        var job = await gateway.Cron.AddAsync(Json("""
            { "name": "Tea", "schedule": {"kind":"at","at":"20m"}, "sessionTarget": "main", "wakeMode": "now",
              "payload": { "kind": "systemEvent", "text": "tea-time reminder" } }
            """), TestContext.Current.CancellationToken);
        Assert.True(job.DeleteAfterRun);

        gateway.Advance(TimeSpan.FromMinutes(20));
        var run = Assert.Single(await gateway.WaitForRunsAsync(job.Id, 1));
        Assert.Equal("ok", (string?)run["status"]);
        Assert.Equal("agent:main:main", (string?)run["sessionKey"]);
        await Poll.UntilAsync(async () => await gateway.Cron.GetAsync(job.Id, TestContext.Current.CancellationToken) is null, "the one-shot job to be deleted");

        gateway.Advance(TimeSpan.FromHours(1));
        Assert.Single(gateway.RunLog(job.Id));
        Assert.Equal(1, gateway.ModelRequestsContaining("tea-time reminder"));
    }

    [Fact]
    public async Task A_cron_job_fires_at_its_local_time_across_the_spring_daylight_saving_jump()
    {
        // Europe/Berlin jumps 02:00 → 03:00 on 2026-03-29: a 02:30 job fires right after the jump, then at 02:30 CEST.
        await using var gateway = await CronTestGateway.StartAsync(now: DateTimeOffset.Parse("2026-03-28T23:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var job = await gateway.Cron.AddAsync(
            IsolatedJob("Nightly", """{"kind":"cron","expr":"30 2 * * *","tz":"Europe/Berlin"}""", "nightly-berlin"), TestContext.Current.CancellationToken);
        Assert.Equal(Ms("2026-03-29T01:00:00Z"), job.State.NextRunAtMs);

        gateway.Advance(TimeSpan.FromMinutes(119));
        Assert.Empty(gateway.RunLog(job.Id));
        gateway.Advance(TimeSpan.FromMinutes(1));
        var run = Assert.Single(await gateway.WaitForRunsAsync(job.Id, 1));
        Assert.Equal(Ms("2026-03-29T01:00:00Z"), (long?)run["runAtMs"]);
        Assert.Equal(Ms("2026-03-30T00:30:00Z"), (long?)run["nextRunAtMs"]);
    }

    [Fact]
    public async Task Jobs_missed_while_the_gateway_was_down_run_once_at_start_then_follow_their_schedule()
    {
        var now = CronTestGateway.Start.ToUnixTimeMilliseconds();
        var hour = 3_600_000L;
        // Left by a gateway that stopped 5 hours ago: the hourly job missed five fire times, the one-shot its only one.
        var jobs = $$"""
            { "version": 1, "jobs": [
              { "id": "hourly-1", "name": "Hourly", "enabled": true, "createdAtMs": {{now - 10 * hour}}, "updatedAtMs": {{now - 10 * hour}},
                "schedule": { "kind": "every", "everyMs": {{hour}} }, "sessionTarget": "isolated", "wakeMode": "now",
                "payload": { "kind": "agentTurn", "message": "hourly-digest" }, "delivery": { "mode": "none" },
                "state": { "nextRunAtMs": {{now - 4 * hour}}, "lastRunAtMs": {{now - 5 * hour}}, "lastStatus": "ok", "runningAtMs": {{now - 5 * hour}} } },
              { "id": "once-1", "name": "Once", "enabled": true, "deleteAfterRun": true, "createdAtMs": {{now - 10 * hour}}, "updatedAtMs": {{now - 10 * hour}},
                "schedule": { "kind": "at", "at": "{{CronTestGateway.Start.AddHours(-2).UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}}" }, "sessionTarget": "main", "wakeMode": "now",
                "payload": { "kind": "systemEvent", "text": "missed-reminder" }, "state": {} }
            ] }
            """;
        await using var gateway = await CronTestGateway.StartAsync(jobsJson: jobs);

        var hourly = Assert.Single(await gateway.WaitForRunsAsync("hourly-1", 1));
        Assert.Equal("ok", (string?)hourly["status"]);
        Assert.Equal(now + hour, (long?)hourly["nextRunAtMs"]);
        Assert.Single(await gateway.WaitForRunsAsync("once-1", 1));
        await Poll.UntilAsync(async () => await gateway.Cron.GetAsync("once-1", TestContext.Current.CancellationToken) is null, "the missed one-shot to be deleted after its run");
        Assert.Equal(1, gateway.ModelRequestsContaining("hourly-digest"));

        gateway.Advance(TimeSpan.FromHours(1));
        Assert.Equal(2, (await gateway.WaitForRunsAsync("hourly-1", 2)).Count);
        Assert.Equal(2, gateway.ModelRequestsContaining("hourly-digest"));
        Assert.Equal(1, gateway.ModelRequestsContaining("missed-reminder"));
    }

    [Fact]
    public async Task A_failed_recurring_run_is_recorded_and_retried_after_the_back_off()
    {
        await using var gateway = await CronTestGateway.StartAsync();
        gateway.Model.Enqueue(Fakes.Models.FakeModelReply.Error(400, "invalid_request_error", "bad request from the fake"));
        var job = await gateway.Cron.AddAsync(IsolatedJob("Flaky", """{"kind":"every","everyMs":10000}""", "flaky-job"), TestContext.Current.CancellationToken);

        gateway.Advance(TimeSpan.FromSeconds(10));
        var failed = Assert.Single(await gateway.WaitForRunsAsync(job.Id, 1));
        Assert.Equal("error", (string?)failed["status"]);
        Assert.False(string.IsNullOrEmpty((string?)failed["error"]));
        var endedAt = (long)failed["ts"]!;
        Assert.True((long)failed["nextRunAtMs"]! >= endedAt + 30_000, "the next run waits out the 30 s back-off, not the 10 s interval");

        gateway.Advance(TimeSpan.FromSeconds(30));
        var runs = await gateway.WaitForRunsAsync(job.Id, 2);
        Assert.Equal("ok", (string?)runs[1]["status"]);
        var stored = await gateway.Cron.GetAsync(job.Id, TestContext.Current.CancellationToken);
        Assert.Equal(0, stored!.State.ConsecutiveErrors);
    }

    [Fact]
    public async Task A_one_shot_that_hits_a_rate_limit_is_retried_after_the_configured_back_off_then_deleted()
    {
        await using var gateway = await CronTestGateway.StartAsync("cron: { retry: { maxAttempts: 3, backoffMs: [60000, 120000] } },");
        gateway.Model.Enqueue(Fakes.Models.FakeModelReply.RateLimited(1));
        var job = await gateway.Cron.AddAsync(IsolatedJob("Once", """{"kind":"at","at":"5m"}""", "retry-me"), TestContext.Current.CancellationToken);

        gateway.Advance(TimeSpan.FromMinutes(5));
        var first = Assert.Single(await gateway.WaitForRunsAsync(job.Id, 1));
        Assert.Equal("error", (string?)first["status"]);
        Assert.Equal((long)first["ts"]! + 60_000, (long?)first["nextRunAtMs"]);

        gateway.Advance(TimeSpan.FromMinutes(1));
        var runs = await gateway.WaitForRunsAsync(job.Id, 2);
        Assert.Equal("ok", (string?)runs[1]["status"]);
        await Poll.UntilAsync(async () => await gateway.Cron.GetAsync(job.Id, TestContext.Current.CancellationToken) is null, "the one-shot to be deleted after its successful retry");
    }

    [Fact]
    public async Task An_announce_job_without_a_reachable_channel_fails_with_a_clear_delivery_error()
    {
        await using var gateway = await CronTestGateway.StartAsync();
        var job = await gateway.Cron.AddAsync(
            IsolatedJob("Brief", """{"kind":"every","everyMs":60000}""", "brief-nowhere", """{"mode":"announce","channel":"telegram","to":"4242"}"""),
            TestContext.Current.CancellationToken);

        gateway.Advance(TimeSpan.FromMinutes(1));
        var run = Assert.Single(await gateway.WaitForRunsAsync(job.Id, 1));
        Assert.Equal("error", (string?)run["status"]);
        Assert.Equal("not-delivered", (string?)run["deliveryStatus"]);
        Assert.Contains("no Redis", (string?)run["deliveryError"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_store_is_upstreams_jobs_json_shape_written_without_leftover_temp_files()
    {
        await using var gateway = await CronTestGateway.StartAsync();
        var job = await gateway.Cron.AddAsync(IsolatedJob("Often", """{"kind":"every","everyMs":1000}""", "often-job"), TestContext.Current.CancellationToken);

        var file = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(gateway.CronDir, "jobs.json"), TestContext.Current.CancellationToken))!;
        Assert.Equal(1, (int?)file["version"]);
        var stored = file["jobs"]![0]!;
        Assert.Equal(job.Id, (string?)stored["id"]);
        Assert.Equal("every", (string?)stored["schedule"]!["kind"]);
        Assert.Equal(1000, (long?)stored["schedule"]!["everyMs"]);
        Assert.Equal("agentTurn", (string?)stored["payload"]!["kind"]);
        Assert.NotNull(stored["state"]!["nextRunAtMs"]);
        Assert.Empty(Directory.GetFiles(gateway.CronDir, "*.tmp"));
    }
}
