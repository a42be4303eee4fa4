using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace OpenClaw.Gateway.Tools.Web;

/// <summary>
/// Turns an HTML page into readable text or light markdown: scripts, styles and page chrome (nav, header, footer,
/// aside, forms) dropped, <c>&lt;main&gt;</c>/<c>&lt;article&gt;</c> preferred when present, blocks on their own lines.
/// </summary>
public static partial class HtmlText
{
    public static (string? Title, string Text) Extract(string html, bool markdown)
    {
        var title = TitleTag().Match(html) is { Success: true } t ? Clean(WebUtility.HtmlDecode(StripTags(t.Groups[1].Value))) : null;

        var body = DroppedBlocks().Replace(html, " ");
        body = Comments().Replace(body, " ");
        if (MainContent().Match(body) is { Success: true } main)
        {
            body = main.Groups[2].Value;
        }

        body = Chrome().Replace(body, " ");
        if (markdown)
        {
            body = Headings().Replace(body, m => $"\n\n{new string('#', m.Groups[1].Value[0] - '0')} {StripTags(m.Groups[2].Value).Trim()}\n\n");
            body = Links().Replace(body, m =>
            {
                var text = StripTags(m.Groups[2].Value).Trim();
                return text.Length == 0 ? "" : $"[{text}]({m.Groups[1].Value})";
            });
            body = ListItems().Replace(body, "\n- ");
        }
        else
        {
            body = ListItems().Replace(body, "\n• ");
        }

        body = BlockBreaks().Replace(body, "\n");
        var text = WebUtility.HtmlDecode(StripTags(body));
        return (title, Clean(text));
    }

    private static string StripTags(string html) => Tags().Replace(html, "");

    private static string Clean(string text)
    {
        var lines = text.Replace("\r", "", StringComparison.Ordinal).Split('\n').Select(l => Spaces().Replace(l, " ").Trim());
        var output = new StringBuilder();
        var blank = 0;
        var previous = "";
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                blank++;
                continue;
            }

            if (output.Length > 0)
            {
                // Paragraphs keep one blank line between them; items of one list stay together.
                output.Append(blank > 0 && !(IsListItem(previous) && IsListItem(line)) ? "\n\n" : "\n");
            }

            output.Append(line);
            previous = line;
            blank = 0;
        }

        return output.ToString();
    }

    private static bool IsListItem(string line) => line.StartsWith("- ", StringComparison.Ordinal) || line.StartsWith("• ", StringComparison.Ordinal);

    [GeneratedRegex(@"<title[^>]*>(.*?)</title>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex TitleTag();

    [GeneratedRegex(@"<(script|style|noscript|template|svg|iframe|head)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex DroppedBlocks();

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex Comments();

    [GeneratedRegex(@"<(main|article)\b[^>]*>(.*)</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex MainContent();

    [GeneratedRegex(@"<(nav|header|footer|aside|form)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Chrome();

    [GeneratedRegex(@"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Headings();

    [GeneratedRegex(@"<a\b[^>]*?href\s*=\s*[""']([^""']*)[""'][^>]*>(.*?)</a\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Links();

    [GeneratedRegex(@"<li\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ListItems();

    [GeneratedRegex(@"<(br|/p|p|/div|div|/tr|tr|/h[1-6]|/li|/ul|/ol|/table|/section|/blockquote|/pre|hr)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockBreaks();

    [GeneratedRegex(@"<[^>]+>", RegexOptions.Singleline)]
    private static partial Regex Tags();

    [GeneratedRegex(@"[ \t\f\v\u00a0]+")]
    private static partial Regex Spaces();
}
