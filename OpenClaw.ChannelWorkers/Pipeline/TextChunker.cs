namespace OpenClaw.ChannelWorkers.Pipeline;

/// <summary>
/// Splits a reply into messages no longer than a platform's limit (spec §7.4): break at a paragraph, else a
/// newline, else a sentence end, else whitespace, else hard; never inside a code fence (a fence cut by the
/// limit is closed at the end of one chunk and reopened in the next). An optional line limit (Discord's 17)
/// splits tall messages too.
/// </summary>
internal static class TextChunker
{
    private const string Fence = "```";

    public static IReadOnlyList<string> Chunk(string text, int maxChars, int maxLines = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, 16);
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim('\n');
        var chunks = new List<string>();
        string? openFence = null;

        while (text.Length > 0)
        {
            var prefix = openFence is null ? "" : openFence + "\n";
            var budget = maxChars - prefix.Length;
            // Reserve room to close a fence when the cut would leave one open.
            var window = Math.Min(budget, text.Length);
            var reserve = window < text.Length && FenceStateAfter(prefix + text[..window]) is not null ? Fence.Length + 1 : 0;
            var cut = FindCut(text, window, maxLines, budget - reserve);
            var piece = text[..cut].TrimEnd();
            text = text[cut..].TrimStart('\n', ' ');

            var body = prefix + piece;
            var fenceAfter = FenceStateAfter(body);
            if (fenceAfter is not null && text.Length > 0)
            {
                body += "\n" + Fence;
            }

            if (body.Trim().Length > 0 && body.Trim() != Fence)
            {
                chunks.Add(body);
            }

            openFence = text.Length > 0 ? fenceAfter : null;
        }

        return chunks;
    }

    private static int FindCut(string text, int limit, int maxLines, int safeLimit)
    {
        if (text.Length <= limit && CountLines(text, text.Length) <= maxLines)
        {
            return text.Length;
        }

        limit = Math.Min(limit, LineLimitIndex(text, maxLines));
        if (limit < text.Length)
        {
            // Leave room for a closing fence when we would stop inside a code block.
            limit = Math.Max(1, Math.Min(limit, Math.Max(safeLimit, 1)));
        }

        var window = text.AsSpan(0, Math.Min(limit, text.Length));
        var minimum = limit / 3;
        foreach (var separator in new[] { "\n\n", "\n" })
        {
            var at = window.LastIndexOf(separator);
            if (at >= minimum)
            {
                return at + separator.Length;
            }
        }

        for (var i = window.Length - 1; i >= minimum; i--)
        {
            if (window[i] is '.' or '!' or '?' && i + 1 < text.Length && text[i + 1] == ' ')
            {
                return i + 1;
            }
        }

        var space = window.LastIndexOf(' ');
        if (space >= minimum)
        {
            return space + 1;
        }

        // Do not cut a surrogate pair in half.
        return char.IsHighSurrogate(text[limit - 1]) ? limit - 1 : limit;
    }

    private static int LineLimitIndex(string text, int maxLines)
    {
        if (maxLines == int.MaxValue)
        {
            return text.Length;
        }

        var lines = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' && ++lines >= maxLines)
            {
                return i + 1;
            }
        }

        return text.Length;
    }

    private static int CountLines(string text, int length) => text.AsSpan(0, length).Count('\n') + 1;

    /// <summary>The fence line (e.g. <c>```csharp</c>) still open at the end of <paramref name="body"/>, or null.</summary>
    private static string? FenceStateAfter(string body)
    {
        string? open = null;
        foreach (var line in body.Split('\n'))
        {
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith(Fence, StringComparison.Ordinal))
            {
                open = open is null ? trimmed.TrimEnd() : null;
            }
        }

        return open;
    }
}
