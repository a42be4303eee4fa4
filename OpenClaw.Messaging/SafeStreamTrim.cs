using System.Globalization;
using StackExchange.Redis;

namespace OpenClaw.Messaging;

/// <summary>
/// Trims a consumer-group stream by age and length without ever deleting an entry a group still needs: one
/// that is pending (read, not acknowledged) or not yet delivered. <c>XADD MAXLEN</c> or a plain
/// <c>XTRIM</c> cannot promise that (Redis 7.0 has no <c>XTRIM … ACKED</c>), so a stream backed up behind
/// a stopped consumer would lose its oldest unanswered messages.
/// </summary>
public static class SafeStreamTrim
{
    /// <summary>A stream far over its length is brought down over several runs rather than read whole at once.</summary>
    private const int MaxEntriesPerTrim = 10_000;

    /// <returns>The <c>MINID</c> trimmed to, or null when nothing may be trimmed.</returns>
    public static async Task<string?> TrimAsync(IDatabase db, RedisKey stream, TimeSpan maxAge, int maxLength, DateTimeOffset now)
    {
        var groups = await db.StreamGroupInfoAsync(stream).ConfigureAwait(false);
        if (groups.Length == 0)
        {
            // Nobody has read anything yet: every entry is still needed.
            return null;
        }

        // The oldest entry any group still needs: its oldest pending entry, else the first it has not read.
        (ulong, ulong)? floor = null;
        foreach (var group in groups)
        {
            var needed = Parse(group.LastDeliveredId) is var (ms, seq) ? (ms, seq + 1) : (0UL, 0UL);
            if (group.PendingMessageCount > 0)
            {
                var pending = await db.StreamPendingAsync(stream, group.Name).ConfigureAwait(false);
                if (Parse(pending.LowestPendingMessageId) is { } lowest && lowest.CompareTo(needed) < 0)
                {
                    needed = lowest;
                }
            }

            floor = floor is { } f && f.CompareTo(needed) <= 0 ? f : needed;
        }

        var target = ((ulong)Math.Max(0, (now - maxAge).ToUnixTimeMilliseconds()), 0UL);
        var length = await db.StreamLengthAsync(stream).ConfigureAwait(false);
        if (length > maxLength)
        {
            // The first entry to keep when only the newest maxLength stay.
            var oldest = await db.StreamRangeAsync(stream, "-", "+", count: (int)Math.Min(length - maxLength + 1, MaxEntriesPerTrim)).ConfigureAwait(false);
            if (oldest.Length > 0 && Parse(oldest[^1].Id) is { } keepFrom && keepFrom.CompareTo(target) > 0)
            {
                target = keepFrom;
            }
        }

        var minId = floor!.Value.CompareTo(target) < 0 ? floor.Value : target;
        if (minId == (0UL, 0UL))
        {
            return null;
        }

        var text = string.Create(CultureInfo.InvariantCulture, $"{minId.Item1}-{minId.Item2}");
        // Approximate (~): Redis removes only whole nodes below the id, never an entry at or above it.
        await db.StreamTrimByMinIdAsync(stream, text, useApproximateMaxLength: true).ConfigureAwait(false);
        return text;
    }

    public static (ulong Ms, ulong Seq)? Parse(RedisValue id)
    {
        var text = (string?)id;
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return dash > 0
               && ulong.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
               && ulong.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
            ? (ms, seq)
            : null;
    }
}
