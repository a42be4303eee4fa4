using OpenClaw.Gateway.Cron;

namespace OpenClaw.Gateway.Tests.Cron;

public sealed class CronScheduleCalculatorTests
{
    private static long Ms(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    private static string Iso(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) : "never";

    private static CronJob Job(CronSchedule schedule, long createdAtMs = 0) =>
        new() { Id = "job-1", Name = "t", CreatedAtMs = createdAtMs, Schedule = schedule };

    [Fact]
    public void An_at_time_without_a_zone_is_utc_and_a_relative_one_counts_from_now()
    {
        var now = Ms("2026-02-01T10:00:00Z");
        Assert.Equal("2026-02-01T16:00:00Z", Iso(CronScheduleCalculator.ParseAt("2026-02-01T16:00:00", now)));
        Assert.Equal("2026-02-01T15:00:00Z", Iso(CronScheduleCalculator.ParseAt("2026-02-01T16:00:00+01:00", now)));
        Assert.Equal("2026-02-01T10:20:00Z", Iso(CronScheduleCalculator.ParseAt("20m", now)));
        Assert.Equal("2026-02-02T10:00:00Z", Iso(CronScheduleCalculator.ParseAt("+1d", now)));

        var schedule = new CronSchedule { Kind = "at", At = "2h" };
        CronScheduleCalculator.Validate(schedule, now);
        Assert.Equal("2026-02-01T12:00:00.000Z", schedule.At);
    }

    [Fact]
    public void An_at_job_is_due_at_its_time_even_when_that_passed_and_never_again_after_a_successful_run()
    {
        var job = Job(new CronSchedule { Kind = "at", At = "2026-02-01T16:00:00Z" });
        Assert.Equal("2026-02-01T16:00:00Z", Iso(CronScheduleCalculator.NextRunAtMs(job, Ms("2026-02-01T18:00:00Z"))));

        job.State.LastRunAtMs = Ms("2026-02-01T16:00:01Z");
        job.State.LastRunStatus = "ok";
        Assert.Null(CronScheduleCalculator.NextRunAtMs(job, Ms("2026-02-01T18:00:00Z")));
    }

    [Fact]
    public void Every_fires_on_a_grid_from_its_anchor()
    {
        var created = Ms("2026-02-01T10:00:00Z");
        var job = Job(new CronSchedule { Kind = "every", EveryMs = 15 * 60_000 }, created);
        Assert.Equal("2026-02-01T10:15:00Z", Iso(CronScheduleCalculator.NextRunAtMs(job, created)));
        Assert.Equal("2026-02-01T11:00:00Z", Iso(CronScheduleCalculator.NextRunAtMs(job, Ms("2026-02-01T10:59:59Z"))));
        Assert.Equal("2026-02-01T11:15:00Z", Iso(CronScheduleCalculator.NextRunAtMs(job, Ms("2026-02-01T11:00:00Z"))));

        job.Schedule.AnchorMs = Ms("2026-02-01T10:05:00Z");
        Assert.Equal("2026-02-01T10:20:00Z", Iso(CronScheduleCalculator.NextRunAtMs(job, Ms("2026-02-01T10:07:00Z"))));
    }

    [Fact]
    public void A_cron_expression_follows_its_time_zone_in_winter_and_summer()
    {
        var job = Job(new CronSchedule { Kind = "cron", Expr = "0 7 * * *", Tz = "America/Los_Angeles" });
        // 07:00 PST = 15:00Z; 07:00 PDT = 14:00Z.
        Assert.Equal("2026-01-15T15:00:00Z", Iso(CronScheduleCalculator.NextRunAtMs(job, Ms("2026-01-15T12:00:00Z"))));
        Assert.Equal("2026-07-15T14:00:00Z", Iso(CronScheduleCalculator.NextRunAtMs(job, Ms("2026-07-15T12:00:00Z"))));

        var utc = Job(new CronSchedule { Kind = "cron", Expr = "0 7 * * *" });
        Assert.Equal("2026-07-15T07:00:00Z", Iso(CronScheduleCalculator.NextRunAtMs(utc, Ms("2026-07-15T06:00:00Z"))));
    }

    [Fact]
    public void Across_daylight_saving_changes_a_daily_job_fires_once_a_day_at_local_time()
    {
        // Europe/Berlin springs forward on 2026-03-29 (02:00 → 03:00) and falls back on 2026-10-25 (03:00 → 02:00).
        var job = Job(new CronSchedule { Kind = "cron", Expr = "30 2 * * *", Tz = "Europe/Berlin" });

        // 02:30 does not exist on the spring day: the run happens right after the jump (03:00 CEST = 01:00Z), then daily at 02:30 CEST.
        var spring = CronScheduleCalculator.NextRunAtMs(job, Ms("2026-03-28T02:00:00Z"));
        Assert.Equal("2026-03-29T01:00:00Z", Iso(spring));
        Assert.Equal("2026-03-30T00:30:00Z", Iso(CronScheduleCalculator.NextRunAtMs(job, spring!.Value)));

        // 02:30 happens twice on the autumn day: one run only (the first, 02:30 CEST = 00:30Z), next at 02:30 CET = 01:30Z a day later.
        var autumn = CronScheduleCalculator.NextRunAtMs(job, Ms("2026-10-24T02:00:00Z"));
        Assert.Equal("2026-10-25T00:30:00Z", Iso(autumn));
        Assert.Equal("2026-10-26T01:30:00Z", Iso(CronScheduleCalculator.NextRunAtMs(job, autumn!.Value)));
    }

    [Fact]
    public void Hourly_top_of_hour_jobs_are_staggered_by_a_stable_offset_under_five_minutes_unless_exact()
    {
        var hourly = Job(new CronSchedule { Kind = "cron", Expr = "0 * * * *" });
        var next = CronScheduleCalculator.NextRunAtMs(hourly, Ms("2026-02-01T10:00:00Z"))!.Value;
        var offset = next - Ms("2026-02-01T11:00:00Z");
        if (offset < 0)
        {
            offset = next - Ms("2026-02-01T10:00:00Z");
        }

        Assert.InRange(offset, 0, CronScheduleCalculator.DefaultTopOfHourStaggerMs - 1);
        Assert.Equal(CronScheduleCalculator.StableOffset("job-1", CronScheduleCalculator.DefaultTopOfHourStaggerMs), offset);

        hourly.Schedule.StaggerMs = 0;
        Assert.Equal("2026-02-01T11:00:00Z", Iso(CronScheduleCalculator.NextRunAtMs(hourly, Ms("2026-02-01T10:00:00Z"))));

        // A daily 07:00 job is not top-of-hour recurring: exact.
        Assert.Equal(0, CronScheduleCalculator.EffectiveStaggerMs(new CronSchedule { Kind = "cron", Expr = "0 7 * * *" }));
    }

    [Fact]
    public void Recurring_failures_back_off_from_30_seconds_to_an_hour()
    {
        var job = Job(new CronSchedule { Kind = "every", EveryMs = 10_000 });
        var end = Ms("2026-02-01T10:00:00Z");
        Assert.Equal(end + 30_000, CronScheduleCalculator.NextRunAfterError(job, end, 1));
        Assert.Equal(end + 60_000, CronScheduleCalculator.NextRunAfterError(job, end, 2));
        Assert.Equal(end + 3_600_000, CronScheduleCalculator.NextRunAfterError(job, end, 9));
    }

    [Theory]
    [InlineData("cron", "61 * * * *", null, "schedule.expr")]
    [InlineData("cron", "0 7 * * *", "Mars/Olympus", "schedule.tz")]
    [InlineData("every", null, null, "schedule.everyMs")]
    [InlineData("at", null, null, "schedule.at")]
    [InlineData("hourly", null, null, "schedule.kind")]
    public void A_bad_schedule_is_refused_naming_the_field(string kind, string? expr, string? tz, string field)
    {
        var ex = Assert.Throws<CronValidationException>(() => CronScheduleCalculator.Validate(new CronSchedule { Kind = kind, Expr = expr, Tz = tz }, 0));
        Assert.Contains(field, ex.Message, StringComparison.Ordinal);
    }
}
