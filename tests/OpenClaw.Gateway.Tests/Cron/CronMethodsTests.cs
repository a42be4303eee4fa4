using System.Text.Json.Nodes;

namespace OpenClaw.Gateway.Tests.Cron;

/// <summary><c>cron.*</c> over the real WebSocket protocol, as the CLI and Control UI call them.</summary>
public sealed class CronMethodsTests
{
    private static JsonObject Job(string name, string message) => new()
    {
        ["name"] = name,
        ["schedule"] = new JsonObject { ["kind"] = "cron", ["expr"] = "0 7 * * *", ["tz"] = "America/Los_Angeles" },
        ["sessionTarget"] = "isolated",
        ["payload"] = new JsonObject { ["kind"] = "agentTurn", ["message"] = message },
        ["delivery"] = new JsonObject { ["mode"] = "none" },
    };

    [Fact]
    public async Task An_operator_adds_lists_updates_runs_and_removes_a_job_and_sees_cron_events()
    {
        await using var gateway = await CronTestGateway.StartAsync();
        await using var admin = await gateway.ConnectAsync("operator.admin");
        Assert.Contains("cron.add", admin.Hello!["features"]!["methods"]!.AsArray().Select(m => (string?)m));
        Assert.Contains("cron", admin.Hello!["features"]!["events"]!.AsArray().Select(m => (string?)m));

        await admin.SendAsync(new JsonObject { ["type"] = "req", ["id"] = "add-1", ["method"] = "cron.add", ["params"] = Job("Morning brief", "morning-brief") });
        var added = await admin.NextAsync(f => (string?)f["type"] == "event" && (string?)f["event"] == "cron");
        Assert.Equal("added", (string?)added["payload"]!["action"]);
        var addRes = await admin.NextAsync(f => (string?)f["id"] == "add-1");
        Assert.True((bool?)addRes["ok"], addRes.ToJsonString());
        var job = addRes["payload"]!.AsObject();
        var id = (string)job["id"]!;
        Assert.Equal((string?)added["payload"]!["jobId"], id);
        // 07:00 in Los Angeles (PST in March before the 8th) is 15:00Z; the gateway clock is 2026-03-01T10:00Z.
        Assert.Equal(DateTimeOffset.Parse("2026-03-01T15:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), (long?)job["state"]!["nextRunAtMs"]);

        var list = await admin.CallAsync("cron.list", new JsonObject());
        Assert.Equal(1, (int?)list["payload"]!["total"]);
        Assert.Equal(id, (string?)list["payload"]!["jobs"]![0]!["id"]);
        Assert.False((bool?)list["payload"]!["hasMore"]);

        var status = await admin.CallAsync("cron.status");
        Assert.True((bool?)status["payload"]!["enabled"]);
        Assert.Equal(1, (int?)status["payload"]!["jobs"]);
        Assert.EndsWith(Path.Combine("cron", "jobs.json"), (string?)status["payload"]!["storePath"], StringComparison.Ordinal);

        var updated = await admin.CallAsync("cron.update", new JsonObject { ["id"] = id, ["patch"] = new JsonObject { ["enabled"] = false, ["name"] = "Renamed" } });
        Assert.True((bool?)updated["ok"], updated.ToJsonString());
        Assert.Equal("Renamed", (string?)updated["payload"]!["name"]);
        Assert.Null(updated["payload"]!["state"]!["nextRunAtMs"]);
        Assert.Equal(0, (int?)(await admin.CallAsync("cron.list"))["payload"]!["total"]);
        Assert.Equal(1, (int?)(await admin.CallAsync("cron.list", new JsonObject { ["includeDisabled"] = true }))["payload"]!["total"]);

        var run = await admin.CallAsync("cron.run", new JsonObject { ["id"] = id, ["mode"] = "force" });
        Assert.True((bool?)run["payload"]!["enqueued"], run.ToJsonString());
        var runId = (string?)run["payload"]!["runId"];
        await gateway.WaitForRunsAsync(id, 1);
        var runs = await admin.CallAsync("cron.runs", new JsonObject { ["scope"] = "job", ["id"] = id });
        var entry = runs["payload"]!["entries"]![0]!;
        Assert.Equal(runId, (string?)entry["runId"]);
        Assert.Equal("ok", (string?)entry["status"]);
        Assert.Equal("Renamed", (string?)entry["jobName"]);
        Assert.Equal(1, (int?)runs["payload"]!["total"]);

        var notDue = await admin.CallAsync("cron.run", new JsonObject { ["id"] = id, ["mode"] = "due" });
        Assert.False((bool?)notDue["payload"]!["ran"]);
        Assert.Equal("not-due", (string?)notDue["payload"]!["reason"]);

        var removed = await admin.CallAsync("cron.remove", new JsonObject { ["id"] = id });
        Assert.True((bool?)removed["payload"]!["removed"]);
        Assert.Equal(0, (int?)(await admin.CallAsync("cron.list", new JsonObject { ["enabled"] = "all" }))["payload"]!["total"]);
    }

    [Fact]
    public async Task Bad_jobs_and_unknown_ids_are_refused_with_a_message_naming_the_field()
    {
        await using var gateway = await CronTestGateway.StartAsync();
        await using var admin = await gateway.ConnectAsync("operator.admin");

        var badTz = Job("Bad", "x");
        badTz["schedule"]!["tz"] = "Mars/Olympus";
        var res = await admin.CallAsync("cron.add", badTz);
        Assert.False((bool?)res["ok"]);
        Assert.Equal("INVALID_REQUEST", (string?)res["error"]!["code"]);
        Assert.Contains("schedule.tz", (string?)res["error"]!["message"], StringComparison.Ordinal);

        var mainTurn = Job("Bad target", "x");
        mainTurn["sessionTarget"] = "main";
        Assert.Contains("isolated", (string?)(await admin.CallAsync("cron.add", mainTurn))["error"]!["message"], StringComparison.Ordinal);

        var webhook = Job("Hook", "x");
        webhook["delivery"] = new JsonObject { ["mode"] = "webhook", ["to"] = "not a url" };
        Assert.Contains("delivery.to", (string?)(await admin.CallAsync("cron.add", webhook))["error"]!["message"], StringComparison.Ordinal);

        var unknown = await admin.CallAsync("cron.remove", new JsonObject { ["id"] = "nope" });
        Assert.Contains("unknown cron job id 'nope'", (string?)unknown["error"]!["message"], StringComparison.Ordinal);
        Assert.Empty(await gateway.Cron.ListAsync("all", null, "name", false, 0, 50, TestContext.Current.CancellationToken) is { Jobs: var j } ? j : []);
    }

    [Fact]
    public async Task Reading_needs_operator_read_and_changing_needs_operator_admin()
    {
        await using var gateway = await CronTestGateway.StartAsync();
        await using var reader = await gateway.ConnectAsync("operator.read");
        await using var writer = await gateway.ConnectAsync("operator.write");

        Assert.True((bool?)(await reader.CallAsync("cron.list"))["ok"]);
        Assert.True((bool?)(await reader.CallAsync("cron.status"))["ok"]);
        Assert.True((bool?)(await reader.CallAsync("cron.runs", new JsonObject { ["scope"] = "all" }))["ok"]);

        foreach (var client in new[] { reader, writer })
        {
            var denied = await client.CallAsync("cron.add", Job("Sneaky", "x"));
            Assert.False((bool?)denied["ok"]);
            Assert.Equal("missing scope: operator.admin", (string?)denied["error"]!["message"]);
        }

        Assert.Empty((await gateway.Cron.ListAsync("all", null, "name", false, 0, 50, TestContext.Current.CancellationToken)).Jobs);
    }
}
