using OpenClaw.Gateway.Cron;

namespace OpenClaw.Gateway.Tests.Cron;

public sealed class CronRunLogTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "openclaw-runlog-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task A_run_log_past_max_bytes_keeps_only_its_newest_lines()
    {
        var log = new CronRunLog(_dir);
        for (var i = 1; i <= 10; i++)
        {
            await log.AppendAsync(new CronRunLogEntry { Ts = i, JobId = "job-a", Status = "ok", Summary = $"run {i} " + new string('x', 100) },
                maxBytes: 600, keepLines: 3, TestContext.Current.CancellationToken);
        }

        var lines = File.ReadAllLines(log.PathOf("job-a"));
        Assert.InRange(lines.Length, 1, 4);
        Assert.Contains("run 10 ", lines[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains("run 1 ", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public async Task Runs_are_filtered_by_status_delivery_and_text_newest_first_across_jobs()
    {
        var log = new CronRunLog(_dir);
        await log.AppendAsync(new CronRunLogEntry { Ts = 1, JobId = "a", Status = "ok", Summary = "weather sunny", DeliveryStatus = "delivered" }, 1_000_000, 100, TestContext.Current.CancellationToken);
        await log.AppendAsync(new CronRunLogEntry { Ts = 2, JobId = "b", Status = "error", Error = "model down" }, 1_000_000, 100, TestContext.Current.CancellationToken);
        await log.AppendAsync(new CronRunLogEntry { Ts = 3, JobId = "a", Status = "ok", Summary = "weather rain", DeliveryStatus = "not-delivered" }, 1_000_000, 100, TestContext.Current.CancellationToken);
        File.AppendAllText(log.PathOf("a"), "{\"ts\":4,\"jobId\":\"a\",\"sta"); // torn line after a crash

        var (all, total) = await log.ReadAsync(new CronRunQuery(null, 10, 0, null, null, null, Descending: true), TestContext.Current.CancellationToken);
        Assert.Equal(3, total);
        Assert.Equal([3L, 2L, 1L], all.Select(e => e.Ts));

        var (errors, _) = await log.ReadAsync(new CronRunQuery(null, 10, 0, new HashSet<string> { "error" }, null, null, true), TestContext.Current.CancellationToken);
        Assert.Equal("b", Assert.Single(errors).JobId);

        var (delivered, _) = await log.ReadAsync(new CronRunQuery("a", 10, 0, null, new HashSet<string> { "delivered" }, null, true), TestContext.Current.CancellationToken);
        Assert.Equal(1, Assert.Single(delivered).Ts);

        var (rain, _) = await log.ReadAsync(new CronRunQuery("a", 10, 0, null, null, "RAIN", true), TestContext.Current.CancellationToken);
        Assert.Equal(3, Assert.Single(rain).Ts);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
