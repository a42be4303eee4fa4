using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OpenClaw.ControlUi.Tests.Infrastructure;
using OpenClaw.Fakes.Models;

namespace OpenClaw.ControlUi.Tests.Browser;

/// <summary>
/// The Cron page against the gateway's real scheduler (with Redis for its run lock): a job is added through the form
/// (a bad expression is caught at its key path first), lands in <c>cron/jobs.json</c>, runs now against the fake
/// model and shows in the run history, is disabled and removed.
/// </summary>
[Collection(FullStackCollection.Name)]
public sealed class CronPageTests(FullStack stack) : BrowserTestBase(stack)
{
    private string JobsFile => Path.Combine(Stack.Home, ".openclaw", "cron", "jobs.json");

    [Fact]
    public async Task A_job_is_added_run_now_shown_in_history_disabled_and_removed()
    {
        var page = await PairedPageAsync(path: "cron");
        await Assertions.Expect(page.GetByTestId("cron-status")).ToContainTextAsync("on", Contains);

        await page.GetByLabel("Job name").FillAsync("Morning brief");
        await page.GetByLabel("Cron expression").FillAsync("0 7 * *");
        await page.GetByLabel("Message to the agent").FillAsync("Summarise the night");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add job" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("field-error")).ToHaveTextAsync(
            "schedule.expr A cron expression has 5 fields (minute hour day month weekday), this one has 4.", new() { Timeout = (float)Slow.TotalMilliseconds });
        await ScreenshotAsync(page, "cron-editor-error-desktop");

        await page.GetByText("Every", new() { Exact = true }).ClickAsync();
        await page.GetByLabel("Repeat every").FillAsync("2");
        await page.GetByLabel("Unit").SelectOptionAsync("hours");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add job" }).ClickAsync();
        var job = page.GetByTestId("cron-job").Filter(new() { HasText = "Morning brief" });
        await Assertions.Expect(job).ToContainTextAsync("every 2h", Contains);
        await Assertions.Expect(job).ToContainTextAsync("isolated", Contains);
        var stored = await File.ReadAllTextAsync(JobsFile, TestContext.Current.CancellationToken);
        Assert.Contains("Morning brief", stored, StringComparison.Ordinal);
        Assert.Contains("7200000", stored, StringComparison.Ordinal);

        Stack.Model.Enqueue(FakeModelReply.Text("Brief: all quiet overnight.", chunks: 2));
        await page.GetByRole(AriaRole.Button, new() { Name = "Run Morning brief now" }).ClickAsync();
        var run = page.GetByTestId("cron-run").First;
        await Assertions.Expect(run).ToContainTextAsync("ok", new() { Timeout = 120_000 });
        await Assertions.Expect(run).ToContainTextAsync("Brief: all quiet overnight.", Contains);
        await Assertions.Expect(job).ToContainTextAsync("last: ok", Contains);
        await ScreenshotAsync(page, "cron-desktop");

        await page.GetByRole(AriaRole.Switch, new() { Name = "Enabled: Morning brief" }).UncheckAsync();
        await Assertions.Expect(job.Locator(".tag").Filter(new() { HasText = "disabled" })).ToBeVisibleAsync(Visible);
        await Poll.UntilAsync(async () => Regex.IsMatch(await File.ReadAllTextAsync(JobsFile), "\"enabled\"\\s*:\\s*false"),
            "jobs.json to record the job as disabled", Slow);

        var phone = await PairedPageAsync(phone: true, path: "cron");
        await Assertions.Expect(phone.GetByTestId("cron-job").Filter(new() { HasText = "Morning brief" })).ToBeVisibleAsync(Visible);
        Assert.False(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), "the Cron page scrolls sideways at phone width");
        await ScreenshotAsync(phone, "cron-phone");
        await phone.Context.CloseAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Remove Morning brief" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm removing Morning brief" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("cron-job")).ToHaveCountAsync(0, new() { Timeout = (float)Slow.TotalMilliseconds });
        Assert.DoesNotContain("Morning brief", await File.ReadAllTextAsync(JobsFile, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }
}
