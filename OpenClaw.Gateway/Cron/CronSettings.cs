using System.Globalization;
using System.Text.Json;
using OpenClaw.Gateway.Config;

namespace OpenClaw.Gateway.Cron;

/// <summary>
/// The effective <c>cron.*</c> settings from the live config (spec §10.1): on unless <c>cron.enabled:false</c> or
/// <c>OPENCLAW_SKIP_CRON=1</c>; store <c>~/.openclaw/cron/jobs.json</c>; 1–2 concurrent runs; run logs pruned at
/// 2 MB / 2000 lines.
/// </summary>
public sealed class CronSettings(IConfigStore config, OpenClawPaths paths, GatewayEnv env)
{
    public const long DefaultRunLogMaxBytes = 2_000_000;
    public const int DefaultRunLogKeepLines = 2000;

    private CronConfig Section => config.Current.Config.Cron;

    public bool SkippedByEnv => env.Get("OPENCLAW_SKIP_CRON") is { Length: > 0 } v && v is not ("0" or "false");

    public bool Enabled => Section.Enabled != false && !SkippedByEnv;

    /// <summary><c>cron.store</c> (a <c>~</c> path) or <c>&lt;stateDir&gt;/cron/jobs.json</c>; read once at start (a change needs a restart).</summary>
    public string StorePath => Section.Store is { Length: > 0 } store
        ? Path.GetFullPath(paths.ExpandHome(store))
        : Path.Combine(paths.StateDir, "cron", "jobs.json");

    public string RunLogDirectory => Path.Combine(Path.GetDirectoryName(StorePath)!, "runs");

    public int MaxConcurrentRuns => Math.Clamp(Section.MaxConcurrentRuns ?? 1, 1, 2);

    public string? WebhookToken => Section.WebhookToken switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString() is { Length: > 0 } t ? t : null,
        { ValueKind: JsonValueKind.Object } o => o.Deserialize<SecretInput>(ConfigJsonOptions)?.Resolve(env.Get),
        _ => null,
    };

    public long RunLogMaxBytes => Number(Section.RunLog, "maxBytes") ?? DefaultRunLogMaxBytes;

    public int RunLogKeepLines => (int)Math.Clamp(Number(Section.RunLog, "keepLines") ?? DefaultRunLogKeepLines, 1, 1_000_000);

    /// <summary><c>cron.retry.maxAttempts</c> (3): tries of a one-shot job that failed with a transient error.</summary>
    public int RetryMaxAttempts => (int)Math.Clamp(Number(Section.Retry, "maxAttempts") ?? 3, 1, 20);

    /// <summary><c>cron.retry.backoffMs</c> (30 s, 1 m, 5 m): the wait before each retry.</summary>
    public IReadOnlyList<long> RetryBackoffMs =>
        Section.Retry is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty("backoffMs", out var list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Number).Select(e => e.GetInt64())]
            : [30_000, 60_000, 300_000];

    /// <summary><c>cron.retry.retryOn</c>: rate_limit, overloaded, network, timeout, server_error.</summary>
    public IReadOnlySet<string> RetryOn =>
        Section.Retry is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty("retryOn", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(["rate_limit", "overloaded", "network", "timeout", "server_error"], StringComparer.Ordinal);

    private static readonly JsonSerializerOptions ConfigJsonOptions = new(JsonSerializerDefaults.Web);

    private static long? Number(JsonElement? section, string name)
    {
        if (section is not { ValueKind: JsonValueKind.Object } s || !s.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n))
        {
            return n;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString()!.Trim().ToLowerInvariant();
            var (digits, factor) = text.EndsWith("mb", StringComparison.Ordinal) ? (text[..^2], 1_000_000L)
                : text.EndsWith("kb", StringComparison.Ordinal) ? (text[..^2], 1_000L)
                : (text, 1L);
            return double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? (long)(d * factor) : null;
        }

        return null;
    }
}
