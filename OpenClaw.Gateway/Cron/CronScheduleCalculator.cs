using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Cronos;

namespace OpenClaw.Gateway.Cron;

/// <summary>
/// When a job fires next (spec §10.1): <c>at</c> once (timestamps without a zone are UTC), <c>every</c> on a grid
/// from <c>anchorMs</c> (default: creation), <c>cron</c> expressions (5 or 6 fields) in <c>tz</c> with DST handled by
/// Cronos. Recurring top-of-hour expressions are staggered by up to 5 minutes, by a fixed per-job offset.
/// </summary>
public static partial class CronScheduleCalculator
{
    public const long DefaultTopOfHourStaggerMs = 5 * 60_000;

    /// <summary>Back-off after consecutive errors of a recurring job: 30 s, 1 m, 5 m, 15 m, 60 m.</summary>
    private static readonly long[] ErrorBackoffMs = [30_000, 60_000, 300_000, 900_000, 3_600_000];

    /// <summary>The next fire time in Unix ms strictly after <paramref name="nowMs"/> (at: its instant, even when past); null = never again.</summary>
    public static long? NextRunAtMs(CronJob job, long nowMs)
    {
        var schedule = job.Schedule;
        switch (schedule.Kind)
        {
            case "at":
                var at = ParseAt(schedule.At, nowMs);
                return job.State.LastRunAtMs is { } last && last >= at && job.State.LastRunStatus is "ok" ? null : at;
            case "every":
                var every = schedule.EveryMs is > 0 ? schedule.EveryMs.Value : throw new CronValidationException("schedule.everyMs must be a positive number of milliseconds");
                var anchor = schedule.AnchorMs ?? job.CreatedAtMs;
                return nowMs < anchor ? anchor : anchor + (((nowMs - anchor) / every) + 1) * every;
            case "cron":
                var expression = ParseCron(schedule.Expr);
                var zone = ResolveZone(schedule.Tz);
                var stagger = EffectiveStaggerMs(schedule);
                var offset = stagger > 0 ? StableOffset(job.Id, stagger) : 0;
                var from = DateTimeOffset.FromUnixTimeMilliseconds(nowMs - offset).UtcDateTime;
                var next = expression.GetNextOccurrence(from, zone);
                return next is { } n ? new DateTimeOffset(n).ToUnixTimeMilliseconds() + offset : null;
            default:
                throw new CronValidationException($"schedule.kind '{schedule.Kind}' is not known; use \"at\", \"every\" or \"cron\"");
        }
    }

    /// <summary>After a failed run of a recurring job: the normal next time, but not before the back-off has passed.</summary>
    public static long? NextRunAfterError(CronJob job, long endedAtMs, int consecutiveErrors)
    {
        var normal = NextRunAtMs(job, endedAtMs);
        var backoff = ErrorBackoffMs[Math.Clamp(consecutiveErrors - 1, 0, ErrorBackoffMs.Length - 1)];
        return normal is { } n ? Math.Max(n, endedAtMs + backoff) : null;
    }

    /// <summary>Checks a schedule and normalises it (relative <c>at</c> like <c>20m</c> becomes an absolute UTC ISO time).</summary>
    public static void Validate(CronSchedule schedule, long nowMs)
    {
        switch (schedule.Kind)
        {
            case "at":
                var at = ParseAt(schedule.At, nowMs);
                schedule.At = DateTimeOffset.FromUnixTimeMilliseconds(at).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                break;
            case "every":
                if (schedule.EveryMs is not > 0)
                {
                    throw new CronValidationException("schedule.everyMs must be a positive number of milliseconds (e.g. 3600000 for every hour)");
                }

                break;
            case "cron":
                ParseCron(schedule.Expr);
                ResolveZone(schedule.Tz);
                if (schedule.StaggerMs is < 0)
                {
                    throw new CronValidationException("schedule.staggerMs must be 0 (exact) or a positive number of milliseconds");
                }

                break;
            default:
                throw new CronValidationException($"schedule.kind '{schedule.Kind}' is not known; use \"at\", \"every\" or \"cron\"");
        }
    }

    /// <summary>An absolute ISO time (no zone = UTC) or a relative one from now: <c>20m</c>, <c>+2h</c>, <c>1d</c>, <c>90s</c>.</summary>
    public static long ParseAt(string? at, long nowMs)
    {
        if (string.IsNullOrWhiteSpace(at))
        {
            throw new CronValidationException("schedule.at is required for kind \"at\" (an ISO time like 2026-02-01T16:00:00Z or a delay like 20m)");
        }

        if (ParseDurationMs(at) is { } delay)
        {
            return nowMs + delay;
        }

        var styles = DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        if (DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, styles, out var instant))
        {
            return instant.ToUnixTimeMilliseconds();
        }

        if (long.TryParse(at, NumberStyles.None, CultureInfo.InvariantCulture, out var epochMs))
        {
            return epochMs;
        }

        throw new CronValidationException($"schedule.at '{at}' is neither an ISO time (2026-02-01T16:00:00Z) nor a delay (20m, 2h, 1d)");
    }

    /// <summary><c>30s</c>, <c>20m</c>, <c>2h</c>, <c>1d</c>, <c>500ms</c> (optionally with a leading <c>+</c>); null when not a duration.</summary>
    public static long? ParseDurationMs(string text)
    {
        var match = DurationPattern().Match(text.Trim());
        if (!match.Success)
        {
            return null;
        }

        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var unit = match.Groups[2].Value.ToLowerInvariant();
        var ms = unit switch
        {
            "ms" => value,
            "s" => value * 1000,
            "m" => value * 60_000,
            "h" => value * 3_600_000,
            "d" => value * 86_400_000,
            "w" => value * 604_800_000,
            _ => double.NaN,
        };
        return double.IsNaN(ms) ? null : (long)ms;
    }

    public static CronExpression ParseCron(string? expr)
    {
        if (string.IsNullOrWhiteSpace(expr))
        {
            throw new CronValidationException("schedule.expr is required for kind \"cron\" (e.g. \"0 7 * * *\")");
        }

        var fields = expr.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        try
        {
            return CronExpression.Parse(expr.Trim(), fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException ex)
        {
            throw new CronValidationException($"schedule.expr '{expr}' is not a valid cron expression ({ex.Message}); use 5 fields (min hour day month weekday) or 6 with seconds first");
        }
    }

    public static TimeZoneInfo ResolveZone(string? tz)
    {
        if (string.IsNullOrWhiteSpace(tz) || tz.Equals("UTC", StringComparison.OrdinalIgnoreCase))
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(tz.Trim());
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new CronValidationException($"schedule.tz '{tz}' is not a known IANA time zone (e.g. \"America/Los_Angeles\", \"Europe/Berlin\", \"UTC\")");
        }
    }

    /// <summary><c>staggerMs</c> when set (0 = exact); otherwise 5 minutes for recurring top-of-hour expressions.</summary>
    public static long EffectiveStaggerMs(CronSchedule schedule)
    {
        if (schedule.StaggerMs is { } explicitStagger)
        {
            return Math.Max(0, explicitStagger);
        }

        var fields = (schedule.Expr ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 6 && fields[0] != "0")
        {
            return 0;
        }

        var minute = fields.Length == 6 ? fields[1] : fields.FirstOrDefault();
        var hour = fields.Length == 6 ? fields[2] : fields.ElementAtOrDefault(1);
        return minute == "0" && hour is not null && hour.Contains('*', StringComparison.Ordinal) ? DefaultTopOfHourStaggerMs : 0;
    }

    /// <summary>A fixed offset in [0, stagger) derived from the job id, so every replica computes the same fire time.</summary>
    public static long StableOffset(string jobId, long staggerMs)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(jobId));
        return (long)(BitConverter.ToUInt64(hash, 0) % (ulong)staggerMs);
    }

    [GeneratedRegex(@"^\+?(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$", RegexOptions.IgnoreCase)]
    private static partial Regex DurationPattern();
}

/// <summary>A job or request that does not make sense; the message names the field and how to fix it.</summary>
public sealed class CronValidationException(string message) : Exception(message);
