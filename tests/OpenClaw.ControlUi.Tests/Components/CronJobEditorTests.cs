using System.Text.Json.Nodes;
using Bunit;
using OpenClaw.ControlUi.Components.Cron;

namespace OpenClaw.ControlUi.Tests.Components;

public sealed class CronJobEditorTests : BunitContext
{
    private readonly List<JsonObject> _added = [];

    private IRenderedComponent<CronJobEditor> RenderEditor(bool accept = true) => Render<CronJobEditor>(p => p
        .Add(e => e.OnAdd, job =>
        {
            _added.Add(job);
            return Task.FromResult(accept);
        }));

    [Fact]
    public void A_bad_cron_expression_and_time_zone_are_shown_at_their_key_paths_and_nothing_is_sent()
    {
        var editor = RenderEditor();
        editor.Find("input[aria-label='Job name']").Change("Morning brief");
        editor.Find("input[aria-label='Cron expression']").Change("0 25 * * *");
        editor.Find("input[aria-label='Time zone']").Change("Mars/Olympus");
        editor.Find("textarea[aria-label='Message to the agent']").Change("Summarise the night");

        editor.Find("form").Submit();

        var errors = editor.FindAll("[data-testid=field-error]").Select(e => e.TextContent).ToList();
        Assert.Equal(2, errors.Count);
        Assert.StartsWith("schedule.expr Not a valid cron expression", errors[0], StringComparison.Ordinal);
        Assert.Equal("schedule.tz Unknown time zone 'Mars/Olympus'; use an IANA name like Europe/Berlin or America/Los_Angeles.", errors[1]);
        Assert.Empty(_added);
    }

    [Fact]
    public void A_valid_cron_job_is_sent_in_upstreams_shape_and_the_form_clears()
    {
        var editor = RenderEditor();
        editor.Find("input[aria-label='Job name']").Change("Morning brief");
        editor.Find("input[aria-label='Cron expression']").Change("0 7 * * 1-5");
        editor.Find("input[aria-label='Time zone']").Change("America/Los_Angeles");
        editor.Find("textarea[aria-label='Message to the agent']").Change("Summarize overnight updates.");
        editor.Find("select[aria-label='Delivery mode']").Change("announce");
        editor.Find("input[aria-label='Delivery channel']").Change("slack");
        editor.Find("input[aria-label='Delivery target']").Change("channel:C123");

        editor.Find("form").Submit();

        var job = Assert.Single(_added);
        Assert.Equal("""
            {"name":"Morning brief","enabled":true,"schedule":{"kind":"cron","expr":"0 7 * * 1-5","tz":"America/Los_Angeles"},"sessionTarget":"isolated","wakeMode":"now","payload":{"kind":"agentTurn","message":"Summarize overnight updates."},"delivery":{"mode":"announce","channel":"slack","to":"channel:C123"}}
            """, job.ToJsonString());
        Assert.Equal("", editor.Find("input[aria-label='Job name']").GetAttribute("value"));
    }

    [Fact]
    public void Every_and_main_session_jobs_become_everyMs_and_a_system_event()
    {
        var editor = RenderEditor();
        editor.Find("input[aria-label='Job name']").Change("Check inbox");
        editor.FindAll("input[name=schedule-kind]").Single(i => i.GetAttribute("value") == "every").Change(true);
        editor.Find("input[aria-label='Repeat every']").Change("15");
        editor.Find("select[aria-label='Unit']").Change("minutes");
        editor.Find("select[aria-label='Session target']").Change("main");
        editor.Find("select[aria-label='Wake mode']").Change("next-heartbeat");
        editor.Find("textarea[aria-label='System event text']").Change("Check the inbox");

        editor.Find("form").Submit();

        var job = Assert.Single(_added);
        Assert.Equal(900_000, (long)job["schedule"]!["everyMs"]!);
        Assert.Equal("every", (string?)job["schedule"]!["kind"]);
        Assert.Equal("""{"kind":"systemEvent","text":"Check the inbox"}""", job["payload"]!.ToJsonString());
        Assert.Equal("next-heartbeat", (string?)job["wakeMode"]);
        Assert.Null(job["delivery"]);
    }

    [Fact]
    public void A_one_shot_job_in_the_past_or_a_webhook_without_a_url_is_refused()
    {
        var editor = RenderEditor();
        editor.Find("input[aria-label='Job name']").Change("Reminder");
        editor.FindAll("input[name=schedule-kind]").Single(i => i.GetAttribute("value") == "at").Change(true);
        editor.Find("input[aria-label='Run at']").Change("2001-01-01T00:00");
        editor.Find("textarea[aria-label='Message to the agent']").Change("ping");
        editor.Find("select[aria-label='Delivery mode']").Change("webhook");
        editor.Find("input[aria-label='Webhook URL']").Change("not a url");

        editor.Find("form").Submit();

        var errors = editor.FindAll("[data-testid=field-error]").Select(e => e.TextContent).ToList();
        Assert.Contains("schedule.at That time has passed; pick a time in the future.", errors);
        Assert.Contains("delivery.to A webhook needs an http(s) URL, e.g. https://example.com/hooks/cron.", errors);
        Assert.Empty(_added);
    }

    [Fact]
    public void A_refused_add_keeps_what_the_user_typed()
    {
        var editor = RenderEditor(accept: false);
        editor.Find("input[aria-label='Job name']").Change("Keep me");
        editor.Find("textarea[aria-label='Message to the agent']").Change("hello");

        editor.Find("form").Submit();

        Assert.Single(_added);
        Assert.Equal("Keep me", editor.Find("input[aria-label='Job name']").GetAttribute("value"));
    }
}
