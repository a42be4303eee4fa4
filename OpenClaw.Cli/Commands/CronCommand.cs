using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace OpenClaw.Cli.Commands;

/// <summary><c>openclaw cron status|list|add|run|remove|runs</c> (spec §10.1): the gateway's scheduler.</summary>
internal static class CronCommand
{
    public static Command Create()
    {
        var group = new Command("cron", "Scheduled jobs (run by the gateway)");
        group.Subcommands.Add(Simple("status", "Scheduler status", "cron.status", _ => null, RenderStatus));
        group.Subcommands.Add(List());
        group.Subcommands.Add(Add());
        group.Subcommands.Add(Run());
        group.Subcommands.Add(Remove());
        group.Subcommands.Add(Simple("runs", "Run history of a job", "cron.runs", id => new { scope = "job", id }, RenderRuns, withId: true));
        return group;
    }

    private static Command Simple(string name, string description, string method, Func<string?, object?> parameters, Action<JsonElement> render, bool withId = false)
    {
        var gateway = new GatewayOptions();
        var id = new Argument<string>("id") { Description = "Job id" };
        var command = new Command(name, description);
        if (withId)
        {
            command.Arguments.Add(id);
        }

        gateway.AddTo(command);
        command.SetAction((parse, ct) => gateway.CallAsync(parse, method,
            parameters(withId ? parse.GetValue(id) : null) is { } p ? CliOutput.Params(p) : null, false, render, ct));
        return command;
    }

    private static Command List()
    {
        var gateway = new GatewayOptions();
        var all = new Option<bool>("--all") { Description = "Include disabled jobs" };
        var command = new Command("list", "List jobs") { all };
        gateway.AddTo(command);
        command.SetAction((parse, ct) => gateway.CallAsync(parse, "cron.list", CliOutput.Params(new { includeDisabled = parse.GetValue(all) }), false, list =>
        {
            var jobs = CliOutput.Items(list, "jobs").ToList();
            if (jobs.Count == 0)
            {
                Console.Out.WriteLine("No cron jobs. Add one with: openclaw cron add --name <name> --cron \"0 7 * * *\" --message <text>");
                return;
            }

            var table = new Table().AddColumns("Id", "Name", "Schedule", "Session", "Next run", "Last", "Enabled");
            foreach (var job in jobs)
            {
                var state = job.TryGetProperty("state", out var s) ? s : default;
                table.AddRow(Cell(job, "id"), Cell(job, "name"), Markup.Escape(Schedule(job)), Cell(job, "sessionTarget"),
                    long.TryParse(CliOutput.Str(state, "nextRunAtMs"), out var next) ? DateTimeOffset.FromUnixTimeMilliseconds(next).ToString("u", CultureInfo.InvariantCulture) : "-",
                    Markup.Escape(CliOutput.Str(state, "lastRunStatus") is { Length: > 0 } last ? last : CliOutput.Str(state, "lastStatus") is { Length: > 0 } l2 ? l2 : "-"),
                    CliOutput.Str(job, "enabled") == "False" ? "no" : "yes");
            }

            AnsiConsole.Write(table);
        }, ct));
        return command;
    }

    private static Command Add()
    {
        var gateway = new GatewayOptions();
        var name = new Option<string>("--name") { Description = "Job name", Required = true };
        var description = new Option<string?>("--description") { Description = "What the job is for" };
        var cron = new Option<string?>("--cron") { Description = "Cron expression, e.g. \"0 7 * * *\"" };
        var tz = new Option<string?>("--tz") { Description = "Time zone of the cron expression (IANA)" };
        var every = new Option<string?>("--every") { Description = "Interval: 30s, 10m, 2h, 1d" };
        var at = new Option<string?>("--at") { Description = "One shot: ISO time or relative (20m)" };
        var session = new Option<string>("--session") { Description = "main | isolated", DefaultValueFactory = _ => "isolated" };
        var message = new Option<string?>("--message") { Description = "Agent turn message (isolated jobs)" };
        var systemEvent = new Option<string?>("--system-event") { Description = "System event text (main-session jobs)" };
        var wake = new Option<string>("--wake") { Description = "now | next-heartbeat", DefaultValueFactory = _ => "next-heartbeat" };
        var agent = new Option<string?>("--agent") { Description = "Agent id" };
        var announce = new Option<bool>("--announce") { Description = "Deliver the result to a channel" };
        var channel = new Option<string?>("--channel") { Description = "Delivery channel (with --announce)" };
        var to = new Option<string?>("--to") { Description = "Delivery target (with --announce)" };
        var deleteAfterRun = new Option<bool>("--delete-after-run") { Description = "Delete the job after a successful run" };
        var disabled = new Option<bool>("--disabled") { Description = "Create the job disabled" };
        var command = new Command("add", "Add a job")
        {
            name, description, cron, tz, every, at, session, message, systemEvent, wake, agent, announce, channel, to, deleteAfterRun, disabled,
        };
        gateway.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            JsonObject? schedule = (parse.GetValue(cron), parse.GetValue(every), parse.GetValue(at)) switch
            {
                ({ Length: > 0 } expr, null, null) => new JsonObject { ["kind"] = "cron", ["expr"] = expr, ["tz"] = parse.GetValue(tz) },
                (null, { Length: > 0 } interval, null) when ParseDuration(interval) is { } ms => new JsonObject { ["kind"] = "every", ["everyMs"] = ms },
                (null, null, { Length: > 0 } when) => new JsonObject { ["kind"] = "at", ["at"] = when },
                _ => null,
            };
            if (schedule is null)
            {
                Console.Error.WriteLine("Give exactly one schedule: --cron \"0 7 * * *\", --every 10m or --at 20m.");
                return Task.FromResult(1);
            }

            JsonObject? payload = (parse.GetValue(message), parse.GetValue(systemEvent)) switch
            {
                ({ Length: > 0 } m, null) => new JsonObject { ["kind"] = "agentTurn", ["message"] = m },
                (null, { Length: > 0 } text) => new JsonObject { ["kind"] = "systemEvent", ["text"] = text },
                _ => null,
            };
            if (payload is null)
            {
                Console.Error.WriteLine("Give exactly one payload: --message <text> (agent turn) or --system-event <text> (main session).");
                return Task.FromResult(1);
            }

            var job = new JsonObject
            {
                ["name"] = parse.GetValue(name),
                ["description"] = parse.GetValue(description),
                ["agentId"] = parse.GetValue(agent),
                ["enabled"] = !parse.GetValue(disabled),
                ["schedule"] = schedule,
                ["sessionTarget"] = parse.GetValue(session),
                ["wakeMode"] = parse.GetValue(wake),
                ["payload"] = payload,
            };
            if (parse.GetValue(deleteAfterRun))
            {
                job["deleteAfterRun"] = true;
            }

            if (parse.GetValue(announce))
            {
                job["delivery"] = new JsonObject { ["mode"] = "announce", ["channel"] = parse.GetValue(channel) ?? "last", ["to"] = parse.GetValue(to) };
            }

            foreach (var key in job.Where(p => p.Value is null).Select(p => p.Key).ToList())
            {
                job.Remove(key);
            }

            schedule.Where(p => p.Value is null).Select(p => p.Key).ToList().ForEach(k => schedule.Remove(k));
            return gateway.CallAsync(parse, "cron.add", JsonSerializer.SerializeToElement(job), false, created =>
            {
                var added = created.TryGetProperty("job", out var j) ? j : created;
                AnsiConsole.MarkupLine($"[green]Added[/] job {Cell(added, "id")} ({Cell(added, "name")}): {Markup.Escape(Schedule(added))}");
            }, ct);
        });
        return command;
    }

    private static Command Remove()
    {
        var gateway = new GatewayOptions();
        var id = new Argument<string>("id") { Description = "Job id" };
        var command = new Command("remove", "Delete a job") { id };
        command.Aliases.Add("rm");
        gateway.AddTo(command);
        command.SetAction((parse, ct) => gateway.CallAsync(parse, "cron.remove", CliOutput.Params(new { id = parse.GetValue(id) }), false,
            _ => AnsiConsole.MarkupLine($"[yellow]Removed[/] job {Markup.Escape(parse.GetValue(id)!)}"), ct));
        return command;
    }

    private static Command Run()
    {
        var gateway = new GatewayOptions();
        var id = new Argument<string>("id") { Description = "Job id" };
        var due = new Option<bool>("--due") { Description = "Run only if it is due" };
        var command = new Command("run", "Run a job now") { id, due };
        gateway.AddTo(command);
        command.SetAction((parse, ct) => gateway.CallAsync(parse, "cron.run",
            CliOutput.Params(new { id = parse.GetValue(id), mode = parse.GetValue(due) ? "due" : "force" }), false,
            r => AnsiConsole.MarkupLine(CliOutput.Str(r, "ran") == "False"
                ? $"Job {Markup.Escape(parse.GetValue(id)!)} not run: {Markup.Escape(CliOutput.Str(r, "reason"))}"
                : $"[green]Started[/] job {Markup.Escape(parse.GetValue(id)!)}" + (CliOutput.Str(r, "runId") is { Length: > 0 } run ? $" (run {Markup.Escape(run)})" : "")), ct));
        return command;
    }

    private static void RenderStatus(JsonElement s) =>
        Console.Out.WriteLine($"Cron: {(CliOutput.Str(s, "enabled") == "True" ? "enabled" : "disabled")}, {CliOutput.Str(s, "jobs")} job(s), store {CliOutput.Str(s, "storePath")}" +
            (long.TryParse(CliOutput.Str(s, "nextWakeAtMs"), out var next) ? $", next wake {DateTimeOffset.FromUnixTimeMilliseconds(next):u}" : ""));

    private static void RenderRuns(JsonElement r)
    {
        var entries = CliOutput.Items(r, "entries").Concat(CliOutput.Items(r, "runs")).ToList();
        if (entries.Count == 0)
        {
            Console.Out.WriteLine("No runs yet.");
            return;
        }

        foreach (var e in entries)
        {
            Console.Out.WriteLine($"{(long.TryParse(CliOutput.Str(e, "ts"), out var ts) ? DateTimeOffset.FromUnixTimeMilliseconds(ts).ToString("u", CultureInfo.InvariantCulture) : "")} " +
                $"{CliOutput.Str(e, "status")} {CliOutput.Str(e, "summary")}{CliOutput.Str(e, "error")}");
        }
    }

    private static string Schedule(JsonElement job)
    {
        var s = job.TryGetProperty("schedule", out var v) ? v : default;
        return CliOutput.Str(s, "kind") switch
        {
            "cron" => CliOutput.Str(s, "expr") + (CliOutput.Str(s, "tz") is { Length: > 0 } tz ? $" ({tz})" : ""),
            "every" => "every " + (long.TryParse(CliOutput.Str(s, "everyMs"), out var ms) ? Duration(ms) : CliOutput.Str(s, "everyMs") + "ms"),
            "at" => $"at {CliOutput.Str(s, "at")}",
            _ => "",
        };
    }

    private static string Duration(long ms) =>
        ms % 86_400_000 == 0 ? $"{ms / 86_400_000}d" : ms % 3_600_000 == 0 ? $"{ms / 3_600_000}h" : ms % 60_000 == 0 ? $"{ms / 60_000}m" : ms % 1000 == 0 ? $"{ms / 1000}s" : $"{ms}ms";

    private static long? ParseDuration(string text)
    {
        var unit = text[^1];
        var factor = unit switch { 's' => 1000L, 'm' => 60_000L, 'h' => 3_600_000L, 'd' => 86_400_000L, _ => 0L };
        var number = factor == 0 ? text : text[..^1];
        return long.TryParse(number, CultureInfo.InvariantCulture, out var n) && n > 0 ? n * (factor == 0 ? 1 : factor) : null;
    }

    private static string Cell(JsonElement e, string name) => Markup.Escape(CliOutput.Str(e, name));
}
