using OpenClaw.ChannelWorkers.Pipeline;

namespace OpenClaw.ChannelWorkers.Tests.Pipeline;

public sealed class TextChunkerTests
{
    [Fact]
    public void Short_text_stays_one_message()
    {
        Assert.Equal(["hello"], TextChunker.Chunk("hello", 4000));
    }

    [Fact]
    public void Long_text_breaks_at_paragraphs_within_the_limit_and_loses_nothing()
    {
        var paragraphs = Enumerable.Range(1, 20).Select(i => $"Paragraph {i}. " + new string('a', 300)).ToList();

        var chunks = TextChunker.Chunk(string.Join("\n\n", paragraphs), 1000);

        Assert.All(chunks, c => Assert.True(c.Length <= 1000));
        Assert.All(chunks, c => Assert.StartsWith("Paragraph", c));
        Assert.Equal(paragraphs, chunks.SelectMany(c => c.Split("\n\n")));
    }

    [Fact]
    public void Without_breaks_it_cuts_at_whitespace_then_hard()
    {
        var words = string.Join(' ', Enumerable.Repeat("word", 100));
        Assert.All(TextChunker.Chunk(words, 50), c => Assert.Matches("^(word ?)+$", c));

        var solid = new string('x', 130);
        Assert.Equal([50, 50, 30], TextChunker.Chunk(solid, 50).Select(c => c.Length));
    }

    [Fact]
    public void A_code_fence_cut_by_the_limit_is_closed_and_reopened()
    {
        var code = "```python\n" + string.Join("\n", Enumerable.Range(1, 60).Select(i => $"print({i})")) + "\n```";

        var chunks = TextChunker.Chunk("Here:\n\n" + code, 300);

        Assert.True(chunks.Count > 1);
        Assert.All(chunks, c => Assert.True(c.Length <= 300, $"{c.Length}"));
        Assert.All(chunks, c => Assert.Equal(0, c.Split('\n').Count(l => l.StartsWith("```", StringComparison.Ordinal)) % 2));
        Assert.All(chunks.Skip(1), c => Assert.StartsWith("```python\n", c));
        Assert.Contains("print(60)", chunks[^1]);
    }

    [Fact]
    public void A_line_limit_splits_tall_messages()
    {
        var lines = string.Join("\n", Enumerable.Range(1, 40).Select(i => $"line {i}"));

        var chunks = TextChunker.Chunk(lines, 2000, maxLines: 17);

        Assert.All(chunks, c => Assert.True(c.Split('\n').Length <= 17));
        Assert.Equal(40, chunks.Sum(c => c.Split('\n').Length));
    }
}
