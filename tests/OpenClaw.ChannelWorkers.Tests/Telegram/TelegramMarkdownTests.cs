using OpenClaw.ChannelWorkers.Telegram;
using OpenClaw.Fakes.Telegram;

namespace OpenClaw.ChannelWorkers.Tests.Telegram;

public sealed class TelegramMarkdownTests
{
    [Theory]
    [InlineData("**bold** and *italic*", "<b>bold</b> and <i>italic</i>")]
    [InlineData("use `a < b && c`", "use <code>a &lt; b &amp;&amp; c</code>")]
    [InlineData("see [docs](https://example.com/x)", "see <a href=\"https://example.com/x\">docs</a>")]
    [InlineData("~~gone~~", "<s>gone</s>")]
    [InlineData("1 < 2 & 3 > 2", "1 &lt; 2 &amp; 3 &gt; 2")]
    public void Converts_markdown_to_telegram_html(string markdown, string html)
    {
        Assert.Equal(html, TelegramMarkdown.ToHtml(markdown));
    }

    [Fact]
    public void Code_blocks_keep_their_language_and_escape_their_content()
    {
        var html = TelegramMarkdown.ToHtml("```csharp\nif (a < b) { }\n```");

        Assert.Equal("<pre><code class=\"language-csharp\">if (a &lt; b) { }</code></pre>", html);
        Assert.Null(TelegramHtmlValidator.Validate(html, out _));
    }
}
