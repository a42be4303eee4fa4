using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace OpenClaw.IntegrationTests.Cron;

/// <summary>Cron and webhooks through real processes: gateway(s) → Redis → Telegram worker → fake Telegram.</summary>
public sealed class CronEndToEndTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    /// <summary>A one-shot isolated job due <paramref name="at"/>, announcing to Telegram chat 4242.</summary>
    private static string AnnounceJob(string id, string message, DateTimeOffset at)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return $$"""
            { "version": 1, "jobs": [
              { "id": "{{id}}", "name": "Brief {{id}}", "enabled": true, "deleteAfterRun": true, "createdAtMs": {{now}}, "updatedAtMs": {{now}},
                "schedule": { "kind": "at", "at": "{{at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}}" },
                "sessionTarget": "isolated", "wakeMode": "now",
                "payload": { "kind": "agentTurn", "message": "{{message}}" },
                "delivery": { "mode": "announce", "channel": "telegram", "to": "4242" }, "state": {} } ] }
            """;
    }

    [Fact]
    public async Task An_announce_job_delivers_the_agents_reply_to_the_telegram_chat()
    {
        // Due a minute ago: the gateway was "down" at its time, so it runs once right after start.
        await using var stack = await CronStack.StartAsync(jobsJson: AnnounceJob("brief-1", "cron-brief-1", DateTimeOffset.UtcNow.AddMinutes(-1)));

        var sent = await stack.WaitForSentAsync(s => s.Any(m => m.Text.Contains("cron-brief-1", StringComparison.Ordinal)), Patience);
        var message = Assert.Single(sent);
        Assert.Equal(4242, message.ChatId);
        Assert.StartsWith("done:", message.Text, StringComparison.Ordinal);

        var runLog = Path.Combine(stack.StateDir, "cron", "runs", "brief-1.jsonl");
        await WaitUntilAsync(() => File.Exists(runLog) && File.ReadAllText(runLog).Contains("\"deliveryStatus\":\"delivered\"", StringComparison.Ordinal), "the run log line");
        await WaitUntilAsync(() => !File.ReadAllText(Path.Combine(stack.StateDir, "cron", "jobs.json")).Contains("brief-1", StringComparison.Ordinal), "the one-shot job to be deleted");
    }

    [Fact]
    public async Task Two_gateways_on_one_redis_run_a_job_once_and_the_chat_gets_one_message()
    {
        await using var stack = await CronStack.StartAsync(gateways: 2,
            jobsJson: AnnounceJob("twice-1", "cron-once-1", DateTimeOffset.UtcNow.AddSeconds(2)));

        await stack.WaitForSentAsync(s => s.Any(m => m.Text.Contains("cron-once-1", StringComparison.Ordinal)), Patience);
        // Give a second replica every chance to run it too before counting.
        await Task.Delay(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Single(stack.Bot.Sent, m => m.Text.Contains("cron-once-1", StringComparison.Ordinal));
        Assert.Equal(1, stack.ModelRequestsContaining("cron-once-1"));
        var runLog = File.ReadAllLines(Path.Combine(stack.StateDir, "cron", "runs", "twice-1.jsonl"));
        Assert.Single(runLog);
    }

    [Fact]
    public async Task A_webhook_with_the_hook_token_gets_the_agents_reply_into_the_chat_and_a_wrong_token_runs_nothing()
    {
        await using var stack = await CronStack.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{stack.GatewayPorts[0]}"), Timeout = TimeSpan.FromSeconds(60) };

        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/hooks/agent")
        {
            Content = new StringContent("""{"message":"hook-evil-1","channel":"telegram","to":"4242"}""", Encoding.UTF8, "application/json"),
        };
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "it-token"); // the gateway token is not the hook token
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong, TestContext.Current.CancellationToken)).StatusCode);

        using var right = new HttpRequestMessage(HttpMethod.Post, "/hooks/agent")
        {
            Content = new StringContent("""{"message":"hook-msg-1","name":"CI","deliver":true,"channel":"telegram","to":"4242"}""", Encoding.UTF8, "application/json"),
        };
        right.Headers.Authorization = new AuthenticationHeaderValue("Bearer", CronStack.HookToken);
        var accepted = await http.SendAsync(right, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        var sent = await stack.WaitForSentAsync(s => s.Any(m => m.Text.Contains("hook-msg-1", StringComparison.Ordinal)), Patience);
        Assert.Equal(4242, Assert.Single(sent).ChatId);
        Assert.Equal(0, stack.ModelRequestsContaining("hook-evil-1"));
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
