namespace OpenClaw.Fakes.Telegram;

/// <summary>
/// Checks <c>parse_mode: HTML</c> text the way the Bot API does: only the documented tags, properly nested
/// and closed, and no bare <c>&lt;</c> or <c>&amp;</c>. Returns the Bot API error description or null.
/// </summary>
public static class TelegramHtmlValidator
{
    private static readonly HashSet<string> Tags =
        ["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "span", "tg-spoiler", "tg-emoji", "blockquote"];

    public static string? Validate(string html, out int textLength)
    {
        var stack = new Stack<string>();
        textLength = 0;
        for (var i = 0; i < html.Length; i++)
        {
            var c = html[i];
            if (c == '<')
            {
                var end = html.IndexOf('>', i);
                if (end < 0)
                {
                    return $"Bad Request: can't parse entities: Unclosed start tag at byte offset {i}";
                }

                var tag = html[(i + 1)..end].Trim();
                var closing = tag.StartsWith('/');
                var name = (closing ? tag[1..] : tag).Split(' ', 2)[0].ToLowerInvariant();
                if (!Tags.Contains(name))
                {
                    return $"Bad Request: can't parse entities: Unsupported start tag \"{name}\" at byte offset {i}";
                }

                if (closing)
                {
                    if (stack.Count == 0 || stack.Pop() != name)
                    {
                        return $"Bad Request: can't parse entities: Unmatched end tag at byte offset {i}, expected \"</{(stack.Count > 0 ? stack.Peek() : "")}>\", found \"</{name}>\"";
                    }
                }
                else
                {
                    stack.Push(name);
                }

                i = end;
            }
            else if (c == '&')
            {
                var end = html.IndexOf(';', i);
                if (end < 0 || end - i > 8)
                {
                    return $"Bad Request: can't parse entities: Character entity expected at byte offset {i}";
                }

                textLength++;
                i = end;
            }
            else
            {
                textLength++;
            }
        }

        return stack.Count > 0
            ? $"Bad Request: can't parse entities: Can't find end tag corresponding to start tag \"{stack.Peek()}\""
            : null;
    }
}
