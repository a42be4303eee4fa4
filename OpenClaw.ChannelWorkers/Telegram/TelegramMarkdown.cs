using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace OpenClaw.ChannelWorkers.Telegram;

/// <summary>
/// Converts the Markdown models write into Telegram's HTML parse mode: code blocks, inline code, bold,
/// italic, strikethrough and links; everything else is escaped text. Telegram rejects a message whose
/// entities do not parse, so the sender falls back to plain text when this is not enough.
/// </summary>
internal static partial class TelegramMarkdown
{
    public static string ToHtml(string markdown)
    {
        var html = new StringBuilder(markdown.Length + 32);
        var position = 0;
        foreach (Match block in CodeBlock().Matches(markdown))
        {
            html.Append(Inline(markdown[position..block.Index]));
            var language = block.Groups["lang"].Value;
            var code = WebUtility.HtmlEncode(block.Groups["code"].Value.TrimEnd('\n'));
            html.Append(language.Length > 0
                ? $"<pre><code class=\"language-{WebUtility.HtmlEncode(language)}\">{code}</code></pre>"
                : $"<pre>{code}</pre>");
            position = block.Index + block.Length;
        }

        html.Append(Inline(markdown[position..]));
        return html.ToString();
    }

    private static string Inline(string text)
    {
        var result = new StringBuilder(text.Length);
        var position = 0;
        foreach (Match code in InlineCode().Matches(text))
        {
            result.Append(Emphasis(text[position..code.Index]));
            result.Append("<code>").Append(WebUtility.HtmlEncode(code.Groups[1].Value)).Append("</code>");
            position = code.Index + code.Length;
        }

        result.Append(Emphasis(text[position..]));
        return result.ToString();
    }

    private static string Emphasis(string text)
    {
        var escaped = WebUtility.HtmlEncode(text);
        escaped = Link().Replace(escaped, m => $"<a href=\"{m.Groups[2].Value}\">{m.Groups[1].Value}</a>");
        escaped = Bold().Replace(escaped, "<b>$2</b>");
        escaped = Strike().Replace(escaped, "<s>$1</s>");
        escaped = Italic().Replace(escaped, "<i>$2</i>");
        return escaped;
    }

    [GeneratedRegex(@"```(?<lang>[\w+#-]*)\n?(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    [GeneratedRegex(@"`([^`\n]+)`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"\[([^\]\n]+)\]\((https?://[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")]
    private static partial Regex Bold();

    [GeneratedRegex(@"~~(?=\S)(.+?)(?<=\S)~~")]
    private static partial Regex Strike();

    [GeneratedRegex(@"(?<![\w*])([*_])(?=\S)([^*_\n]+?)(?<=\S)\1(?![\w*])")]
    private static partial Regex Italic();
}
