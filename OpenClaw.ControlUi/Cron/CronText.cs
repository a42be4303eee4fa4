using System.Text.Json;
using OpenClaw.ControlUi.Gateway;

namespace OpenClaw.ControlUi.Cron;

/// <summary>Short human texts for a job's schedule, target and last run, as the jobs list shows them.</summary>
public static class CronText
{
    public static string Schedule(JsonElement job)
    {
        var schedule = job.Prop("schedule");
        return schedule.Str("kind") switch
        {
            "at" => $"once at {schedule.Str("at")}",
            "every" => schedule.Long("everyMs") is { } ms ? $"every {Every(ms)}" : "every ?",
            "cron" => schedule.Str("tz") is { Length: > 0 } tz ? $"cron {schedule.Str("expr")} ({tz})" : $"cron {schedule.Str("expr")}",
            var other => other ?? "—",
        };
    }

    /// <summary>"15m", "2h", "1d", "1h 30m" from milliseconds.</summary>
    public static string Every(long ms)
    {
        var span = TimeSpan.FromMilliseconds(ms);
        var parts = new List<string>();
        if (span.Days > 0)
        {
            parts.Add($"{span.Days}d");
        }

        if (span.Hours > 0)
        {
            parts.Add($"{span.Hours}h");
        }

        if (span.Minutes > 0)
        {
            parts.Add($"{span.Minutes}m");
        }

        if (span.Seconds > 0 || parts.Count == 0)
        {
            parts.Add($"{span.Seconds}s");
        }

        return string.Join(" ", parts);
    }

    public static string Target(JsonElement job) => job.Str("sessionTarget") switch
    {
        "main" => "main session (system event)",
        "isolated" => job.Prop("delivery").Str("mode") is { Length: > 0 } mode and not "none"
            ? $"isolated · {mode}{(job.Prop("delivery").Str("channel") is { } c ? $" via {c}" : "")}"
            : "isolated",
        var other => other ?? "—",
    };

    /// <summary>The last run's status (upstream writes <c>lastStatus</c> or <c>lastRunStatus</c>).</summary>
    public static string? LastStatus(JsonElement job) => job.Prop("state").Str("lastStatus") ?? job.Prop("state").Str("lastRunStatus");
}
