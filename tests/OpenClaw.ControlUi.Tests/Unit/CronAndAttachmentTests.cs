using System.Text.Json;
using OpenClaw.ControlUi.Chat;
using OpenClaw.ControlUi.Cron;

namespace OpenClaw.ControlUi.Tests.Unit;

public sealed class CronAndAttachmentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("20m", "2026-11-23T12:20:00+00:00")]
    [InlineData("2h", "2026-11-23T14:00:00+00:00")]
    [InlineData("1d", "2026-11-24T12:00:00+00:00")]
    [InlineData("2026-12-24T18:00", "2026-12-24T18:00:00+00:00")]
    [InlineData("2026-12-24T18:00+01:00", "2026-12-24T18:00:00+01:00")]
    public void At_accepts_delays_and_times_without_a_zone_are_utc(string at, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), CronJobDraft.ParseAt(at, Now));

    [Theory]
    [InlineData("0 7 * * *", null)]
    [InlineData("*/15 * * * * *", null)]
    [InlineData("0 7 * *", "A cron expression has 5 fields (minute hour day month weekday), this one has 4.")]
    [InlineData("", "Write a cron expression, e.g. 0 7 * * * (07:00 every day).")]
    public void Cron_expressions_are_checked_before_they_reach_the_gateway(string expr, string? error) =>
        Assert.Equal(error, CronJobDraft.CronError(expr));

    [Fact]
    public void A_job_without_name_or_message_names_both_fields()
    {
        var errors = new CronJobDraft { Name = " ", Message = "" }.Validate(Now);

        Assert.Equal(["name", "payload.message"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_one_shot_job_keeps_delete_after_run_and_the_relative_time()
    {
        var draft = new CronJobDraft { Name = "Tea", ScheduleKind = "at", At = "20m", SessionTarget = "main", Message = "Tea is ready", DeleteAfterRun = true };

        Assert.Empty(draft.Validate(Now));
        var job = draft.ToAddParams();
        Assert.Equal("""{"kind":"at","at":"20m"}""", job["schedule"]!.ToJsonString());
        Assert.True((bool)job["deleteAfterRun"]!);
    }

    [Fact]
    public void Jobs_are_described_as_the_list_shows_them()
    {
        var job = JsonDocument.Parse("""
            {"schedule":{"kind":"cron","expr":"0 7 * * *","tz":"Europe/Berlin"},"sessionTarget":"isolated","delivery":{"mode":"announce","channel":"telegram"},"state":{"lastRunStatus":"error"}}
            """).RootElement;
        var every = JsonDocument.Parse("""{"schedule":{"kind":"every","everyMs":5400000},"sessionTarget":"main","state":{"lastStatus":"ok"}}""").RootElement;

        Assert.Equal("cron 0 7 * * * (Europe/Berlin)", CronText.Schedule(job));
        Assert.Equal("isolated · announce via telegram", CronText.Target(job));
        Assert.Equal("error", CronText.LastStatus(job));
        Assert.Equal("every 1h 30m", CronText.Schedule(every));
        Assert.Equal("main session (system event)", CronText.Target(every));
        Assert.Equal("ok", CronText.LastStatus(every));
    }

    [Fact]
    public void Attachment_limits_come_from_hello_and_name_the_file_and_the_limit()
    {
        var hello = JsonDocument.Parse("""{"policy":{"maxPayload":1048576,"attachments":{"maxBytes":800000,"maxImageBytes":300000}}}""").RootElement;
        var policy = AttachmentPolicy.FromHello(hello);
        var big = new ChatAttachment("a.txt", "text/plain", new string('A', 800_000));

        Assert.Equal("photo.png is 0.4 MB; images can be at most 0.3 MB.", policy.Check("photo.png", "image/png", 400_000, []));
        Assert.Null(policy.Check("notes.txt", "text/plain", 400_000, []));
        Assert.Equal("b.txt does not fit: all attachments of one message together must stay under 0.7 MB.", policy.Check("b.txt", "text/plain", 200_000, [big]));
        Assert.Equal(AttachmentPolicy.Default, AttachmentPolicy.FromHello(null));
    }

    [Fact]
    public void Attachments_go_on_the_wire_in_upstreams_shape()
    {
        var json = JsonSerializer.Serialize(new[] { new ChatAttachment("dot.png", "image/png", "iVBO").ToWire(), new ChatAttachment("a.pdf", "application/pdf", "JVBE").ToWire() });

        Assert.Equal("""[{"type":"image","mimeType":"image/png","fileName":"dot.png","content":"iVBO"},{"type":"file","mimeType":"application/pdf","fileName":"a.pdf","content":"JVBE"}]""", json);
    }
}
