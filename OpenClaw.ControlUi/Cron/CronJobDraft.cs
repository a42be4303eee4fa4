using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cronos;

namespace OpenClaw.ControlUi.Cron;

/// <summary>
/// The "Add a job" form: what the user typed, its validation (errors keyed by the job's field path, e.g.
/// <c>schedule.expr</c>) and the <c>cron.add</c> params in upstream's job shape (spec §10.1).
/// </summary>
public sealed partial class CronJobDraft
{
    public string Name { get; set; } = "";

    public string? Description { get; set; }

    public string? AgentId { get; set; }

    /// <summary><c>at</c> | <c>every</c> | <c>cron</c>.</summary>
    public string ScheduleKind { get; set; } = "cron";

    /// <summary>A relative delay (<c>20m</c>, <c>2h</c>, <c>1d</c>) or an ISO time; without a zone it is UTC (as upstream).</summary>
    public string? At { get; set; }

    public int? EveryAmount { get; set; } = 1;

    /// <summary><c>minutes</c> | <c>hours</c> | <c>days</c>.</summary>
    public string EveryUnit { get; set; } = "hours";

    public string? Expr { get; set; } = "0 7 * * *";

    /// <summary>IANA zone (<c>Europe/Berlin</c>); empty = the gateway's local time.</summary>
    public string? Tz { get; set; }

    /// <summary><c>main</c> (a system event in the main session) | <c>isolated</c> (an agent turn in <c>cron:&lt;jobId&gt;</c>).</summary>
    public string SessionTarget { get; set; } = "isolated";

    /// <summary><c>now</c> | <c>next-heartbeat</c> (main jobs).</summary>
    public string WakeMode { get; set; } = "now";

    /// <summary>The agent-turn message (isolated) or the system-event text (main).</summary>
    public string? Message { get; set; }

    public string? Model { get; set; }

    /// <summary><c>none</c> | <c>announce</c> | <c>webhook</c> (isolated jobs).</summary>
    public string DeliveryMode { get; set; } = "none";

    /// <summary><c>last</c> or a channel id (<c>telegram</c>, <c>slack</c>…).</summary>
    public string? DeliveryChannel { get; set; } = "last";

    /// <summary>Announce target (<c>channel:C123</c>, a chat id) or, for webhook, the URL.</summary>
    public string? DeliveryTo { get; set; }

    public bool DeleteAfterRun { get; set; } = true;

    public bool Enabled { get; set; } = true;

    /// <summary>Field path → what is wrong and how to fix it. Empty = valid.</summary>
    public IReadOnlyDictionary<string, string> Validate(DateTimeOffset now)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors["name"] = "Give the job a name.";
        }

        switch (ScheduleKind)
        {
            case "at":
                if (ParseAt(At, now) is not { } when)
                {
                    errors["schedule.at"] = "Use a delay like 20m, 2h or 1d, or a time like 2026-12-24T18:00 (UTC unless it has a zone).";
                }
                else if (when <= now)
                {
                    errors["schedule.at"] = "That time has passed; pick a time in the future.";
                }

                break;
            case "every":
                if (EveryAmount is not > 0)
                {
                    errors["schedule.everyMs"] = "Repeat every 1 or more minutes, hours or days.";
                }

                break;
            case "cron":
                if (CronError(Expr) is { } cronError)
                {
                    errors["schedule.expr"] = cronError;
                }

                if (!string.IsNullOrWhiteSpace(Tz) && !IsTimeZone(Tz.Trim()))
                {
                    errors["schedule.tz"] = $"Unknown time zone '{Tz.Trim()}'; use an IANA name like Europe/Berlin or America/Los_Angeles.";
                }

                break;
            default:
                errors["schedule.kind"] = "Pick at, every or cron.";
                break;
        }

        if (string.IsNullOrWhiteSpace(Message))
        {
            errors[SessionTarget == "main" ? "payload.text" : "payload.message"] =
                SessionTarget == "main" ? "Write the system event the main session receives." : "Write the message the agent runs.";
        }

        if (SessionTarget == "isolated" && DeliveryMode == "webhook"
            && !(Uri.TryCreate(DeliveryTo?.Trim(), UriKind.Absolute, out var url) && url.Scheme is "http" or "https"))
        {
            errors["delivery.to"] = "A webhook needs an http(s) URL, e.g. https://example.com/hooks/cron.";
        }

        if (SessionTarget == "isolated" && DeliveryMode == "announce" && DeliveryChannel is { Length: > 0 } channel && channel != "last"
            && string.IsNullOrWhiteSpace(DeliveryTo))
        {
            errors["delivery.to"] = $"Say where on {channel} to announce (e.g. channel:C123 or a chat id), or pick the last channel.";
        }

        return errors;
    }

    /// <summary>The <c>cron.add</c> params (call only when <see cref="Validate"/> is empty).</summary>
    public JsonObject ToAddParams()
    {
        var job = new JsonObject
        {
            ["name"] = Name.Trim(),
            ["enabled"] = Enabled,
            ["schedule"] = Schedule(),
            ["sessionTarget"] = SessionTarget,
            ["wakeMode"] = WakeMode,
            ["payload"] = SessionTarget == "main"
                ? new JsonObject { ["kind"] = "systemEvent", ["text"] = Message?.Trim() }
                : AgentTurn(),
        };
        if (!string.IsNullOrWhiteSpace(Description))
        {
            job["description"] = Description.Trim();
        }

        if (!string.IsNullOrWhiteSpace(AgentId))
        {
            job["agentId"] = AgentId.Trim();
        }

        if (ScheduleKind == "at")
        {
            job["deleteAfterRun"] = DeleteAfterRun;
        }

        if (SessionTarget == "isolated")
        {
            var delivery = new JsonObject { ["mode"] = DeliveryMode };
            if (DeliveryMode == "announce")
            {
                delivery["channel"] = string.IsNullOrWhiteSpace(DeliveryChannel) ? "last" : DeliveryChannel.Trim();
            }

            if (DeliveryMode != "none" && !string.IsNullOrWhiteSpace(DeliveryTo))
            {
                delivery["to"] = DeliveryTo.Trim();
            }

            job["delivery"] = delivery;
        }

        return job;
    }

    private JsonObject Schedule() => ScheduleKind switch
    {
        "at" => new JsonObject { ["kind"] = "at", ["at"] = At!.Trim() },
        "every" => new JsonObject { ["kind"] = "every", ["everyMs"] = EveryAmount!.Value * UnitMs(EveryUnit) },
        _ => string.IsNullOrWhiteSpace(Tz)
            ? new JsonObject { ["kind"] = "cron", ["expr"] = Expr!.Trim() }
            : new JsonObject { ["kind"] = "cron", ["expr"] = Expr!.Trim(), ["tz"] = Tz.Trim() },
    };

    private JsonObject AgentTurn()
    {
        var payload = new JsonObject { ["kind"] = "agentTurn", ["message"] = Message?.Trim() };
        if (!string.IsNullOrWhiteSpace(Model))
        {
            payload["model"] = Model.Trim();
        }

        return payload;
    }

    private static long UnitMs(string unit) => unit switch
    {
        "minutes" => 60_000L,
        "days" => 86_400_000L,
        _ => 3_600_000L,
    };

    /// <summary>A relative delay (<c>20m</c>) from now, or an absolute time (UTC when it has no zone).</summary>
    public static DateTimeOffset? ParseAt(string? at, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(at))
        {
            return null;
        }

        var text = at.Trim();
        if (RelativeDelay().Match(text) is { Success: true } m)
        {
            var amount = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            return m.Groups[2].Value switch
            {
                "s" => now.AddSeconds(amount),
                "m" => now.AddMinutes(amount),
                "h" => now.AddHours(amount),
                _ => now.AddDays(amount),
            };
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when) ? when : null;
    }

    /// <summary>Why a 5-field (or 6-field, with seconds) cron expression does not parse, or null.</summary>
    public static string? CronError(string? expr)
    {
        if (string.IsNullOrWhiteSpace(expr))
        {
            return "Write a cron expression, e.g. 0 7 * * * (07:00 every day).";
        }

        var fields = expr.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields is not (5 or 6))
        {
            return $"A cron expression has 5 fields (minute hour day month weekday), this one has {fields}.";
        }

        try
        {
            CronExpression.Parse(expr.Trim(), fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
            return null;
        }
        catch (CronFormatException ex)
        {
            return $"Not a valid cron expression: {ex.Message}";
        }
    }

    private static bool IsTimeZone(string id)
    {
        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (TimeZoneNotFoundException)
        {
            return false;
        }
        catch (InvalidTimeZoneException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^(\d{1,6})\s*([smhd])$")]
    private static partial Regex RelativeDelay();
}
