using OpenClaw.Fakes.Models;
using OpenClaw.Gateway.Runs;

namespace OpenClaw.Gateway.Tests.Cron;

/// <summary>The agent's <c>cron</c> tool, called by the model during a real run.</summary>
public sealed class CronToolTests
{
    [Fact]
    public async Task An_agent_asked_in_a_chat_schedules_a_job_that_will_announce_back_to_that_chat()
    {
        await using var gateway = await CronTestGateway.StartAsync();
        gateway.Model.Enqueue(
            FakeModelReply.ToolCall("cron", new
            {
                action = "add",
                job = new
                {
                    name = "Stand-up nudge",
                    schedule = new { kind = "cron", expr = "0 9 * * 1-5", tz = "Europe/Berlin" },
                    sessionTarget = "isolated",
                    payload = new { kind = "agentTurn", message = "Remind me about stand-up" },
                },
            }),
            FakeModelReply.Text("Scheduled.", chunks: 1));
        var runner = gateway.App.Services.GetRequiredService<IAgentRunner>();

        var accepted = await runner.StartAsync(new AgentRunRequest
        {
            Message = "remind me every weekday at 9",
            SessionKey = "agent:main:telegram:direct:4242",
            Origin = new RunOrigin("telegram", "default", "4242"),
        }, TestContext.Current.CancellationToken);
        var result = await runner.WaitAsync(accepted.RunId, TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        Assert.Equal("ok", result?.Status);

        var job = Assert.Single((await gateway.Cron.ListAsync("all", null, "name", false, 0, 50, TestContext.Current.CancellationToken)).Jobs);
        Assert.Equal("Stand-up nudge", job.Name);
        Assert.Equal("main", job.AgentId);
        Assert.Equal("announce", job.Delivery!.Mode);
        Assert.Equal("telegram", job.Delivery.Channel);
        Assert.Equal("4242", job.Delivery.To);
        // Monday 2026-03-02 09:00 CET = 08:00Z (the clock says Sunday 2026-03-01 10:00Z).
        Assert.Equal(DateTimeOffset.Parse("2026-03-02T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), job.State.NextRunAtMs);

        // The tool's answer went back to the model as the job it created.
        var toolResult = gateway.Model.Requests[^1].ToJsonString();
        Assert.Contains(job.Id, toolResult, StringComparison.Ordinal);
    }
}
