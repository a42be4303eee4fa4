using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenClaw.Gateway.Cron;

/// <summary>One line of <c>cron/runs/&lt;jobId&gt;.jsonl</c> (spec §10.1 run-log entry).</summary>
public sealed record CronRunLogEntry
{
    public long Ts { get; init; }

    public required string JobId { get; init; }

    public string Action { get; init; } = "finished";

    /// <summary>ok | error | skipped.</summary>
    public required string Status { get; init; }

    public string? Error { get; init; }

    public string? Summary { get; init; }

    public bool? Delivered { get; init; }

    public string? DeliveryStatus { get; init; }

    public string? DeliveryError { get; init; }

    public string? SessionId { get; init; }

    public string? SessionKey { get; init; }

    public string? RunId { get; init; }

    public long? RunAtMs { get; init; }

    public long? DurationMs { get; init; }

    public long? NextRunAtMs { get; init; }

    public string? Model { get; init; }

    public string? Provider { get; init; }

    public CronRunUsage? Usage { get; init; }

    public string? JobName { get; init; }
}

public sealed record CronRunUsage(
    [property: JsonPropertyName("input_tokens")] long InputTokens,
    [property: JsonPropertyName("output_tokens")] long OutputTokens,
    [property: JsonPropertyName("total_tokens")] long TotalTokens,
    [property: JsonPropertyName("cache_read_tokens")] long CacheReadTokens,
    [property: JsonPropertyName("cache_write_tokens")] long CacheWriteTokens);

/// <summary>Filters of <c>cron.runs</c>.</summary>
public sealed record CronRunQuery(string? JobId, int Limit, int Offset, IReadOnlySet<string>? Statuses, IReadOnlySet<string>? DeliveryStatuses, string? Query, bool Descending);

/// <summary>
/// Appends run records to <c>runs/&lt;jobId&gt;.jsonl</c> and prunes a file past <c>runLog.maxBytes</c> (2 MB) down to its
/// last <c>runLog.keepLines</c> (2000) lines, rewriting it atomically.
/// </summary>
public sealed class CronRunLog(string directory)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string Directory { get; } = directory;

    public string PathOf(string jobId) => System.IO.Path.Combine(Directory, SafeName(jobId) + ".jsonl");

    public async Task AppendAsync(CronRunLogEntry entry, long maxBytes, int keepLines, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var path = PathOf(entry.JobId);
            var line = JsonSerializer.Serialize(entry, CronJson.Line) + "\n";
            await using (var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read))
            {
                await stream.WriteAsync(Encoding.UTF8.GetBytes(line), cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            if (new FileInfo(path).Length > maxBytes)
            {
                var lines = (await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false)).Where(l => l.Length > 0).ToArray();
                var kept = lines.Skip(Math.Max(0, lines.Length - keepLines)).ToList();
                // Still too big (huge summaries): drop the oldest until it fits.
                while (kept.Count > 1 && kept.Sum(l => Encoding.UTF8.GetByteCount(l) + 1) > maxBytes)
                {
                    kept.RemoveAt(0);
                }

                var temp = path + $".{Guid.NewGuid():N}.tmp";
                await File.WriteAllTextAsync(temp, string.Concat(kept.Select(l => l + "\n")), cancellationToken).ConfigureAwait(false);
                File.Move(temp, path, overwrite: true);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<(IReadOnlyList<CronRunLogEntry> Entries, int Total)> ReadAsync(CronRunQuery query, CancellationToken cancellationToken = default)
    {
        var files = query.JobId is { } id
            ? [PathOf(id)]
            : System.IO.Directory.Exists(Directory) ? System.IO.Directory.GetFiles(Directory, "*.jsonl") : [];
        var all = new List<CronRunLogEntry>();
        foreach (var file in files.Where(File.Exists))
        {
            foreach (var line in await File.ReadAllLinesAsync(file, cancellationToken).ConfigureAwait(false))
            {
                if (TryParse(line) is { } entry)
                {
                    all.Add(entry);
                }
            }
        }

        IEnumerable<CronRunLogEntry> filtered = all;
        if (query.Statuses is { Count: > 0 } statuses)
        {
            filtered = filtered.Where(e => statuses.Contains(e.Status));
        }

        if (query.DeliveryStatuses is { Count: > 0 } deliveryStatuses)
        {
            filtered = filtered.Where(e => deliveryStatuses.Contains(e.DeliveryStatus ?? "not-requested"));
        }

        if (!string.IsNullOrWhiteSpace(query.Query))
        {
            var q = query.Query.Trim();
            filtered = filtered.Where(e => Contains(e.Summary, q) || Contains(e.Error, q) || Contains(e.JobName, q) || Contains(e.JobId, q));
        }

        var ordered = (query.Descending ? filtered.OrderByDescending(e => e.Ts) : filtered.OrderBy(e => e.Ts)).ToList();
        return (ordered.Skip(query.Offset).Take(query.Limit).ToList(), ordered.Count);
    }

    public void Delete(string jobId)
    {
        var path = PathOf(jobId);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    private static CronRunLogEntry? TryParse(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<CronRunLogEntry>(line, CronJson.Line);
        }
        catch (JsonException)
        {
            return null; // a torn last line after a crash
        }
    }

    private static bool Contains(string? text, string q) => text?.Contains(q, StringComparison.OrdinalIgnoreCase) == true;

    private static string SafeName(string jobId) =>
        string.Concat(jobId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
}
