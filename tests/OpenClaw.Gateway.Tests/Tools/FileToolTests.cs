namespace OpenClaw.Gateway.Tests.Tools;

public sealed class FileToolTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Write_creates_directories_and_read_pages_by_offset_and_limit()
    {
        await using var harness = new ToolHarness();
        var content = string.Join('\n', Enumerable.Range(1, 10).Select(i => $"line {i}")) + "\n";

        var written = await harness.InvokeAsync("write", new { path = "notes/today.md", content });
        var page = await harness.InvokeAsync("read", new { path = "notes/today.md", offset = 3, limit = 2 });

        Assert.Equal("Successfully wrote 71 bytes to notes/today.md", written.Text);
        Assert.Equal(content, await File.ReadAllTextAsync(harness.PathIn("notes/today.md"), Ct));
        Assert.Equal("line 3\nline 4\n\n[Showing lines 3-4 of 10. Use offset=5 to continue.]", page.Text);
    }

    [Fact]
    public async Task Read_of_a_missing_file_says_so()
    {
        await using var harness = new ToolHarness();
        var result = await harness.InvokeAsync("read", new { path = "nope.txt" });
        Assert.True(result.IsError);
        Assert.Equal("File not found: nope.txt", result.Text);
    }

    [Fact]
    public async Task Read_returns_images_as_attachments()
    {
        await using var harness = new ToolHarness();
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
        await File.WriteAllBytesAsync(harness.PathIn("pic.png"), png, Ct);

        var result = await harness.InvokeAsync("read", new { path = "pic.png" });

        var attachment = Assert.Single(result.Attachments);
        Assert.Equal("image/png", attachment.MimeType);
        Assert.Equal(png, attachment.Data);
    }

    [Fact]
    public async Task Edit_replaces_exact_text_and_keeps_crlf_line_endings()
    {
        await using var harness = new ToolHarness();
        await File.WriteAllTextAsync(harness.PathIn("a.txt"), "one\r\ntwo\r\nthree\r\n", Ct);

        var result = await harness.InvokeAsync("edit", new { path = "a.txt", oldText = "two\nthree", newText = "2\n3" });

        Assert.Equal("Successfully replaced text in a.txt.", result.Text);
        Assert.Equal("one\r\n2\r\n3\r\n", await File.ReadAllTextAsync(harness.PathIn("a.txt"), Ct));
    }

    [Fact]
    public async Task Edit_without_a_match_fails_with_upstreams_error_and_changes_nothing()
    {
        await using var harness = new ToolHarness();
        await File.WriteAllTextAsync(harness.PathIn("a.txt"), "alpha\n", Ct);

        var result = await harness.InvokeAsync("edit", new { path = "a.txt", oldText = "beta", newText = "gamma" });

        Assert.True(result.IsError);
        Assert.Equal("Could not find the exact text in a.txt. The old text must match exactly including all whitespace and newlines.", result.Text);
        Assert.Equal("alpha\n", await File.ReadAllTextAsync(harness.PathIn("a.txt"), Ct));
    }

    [Fact]
    public async Task Edit_with_many_matches_fails_with_upstreams_error_and_changes_nothing()
    {
        await using var harness = new ToolHarness();
        await File.WriteAllTextAsync(harness.PathIn("a.txt"), "x = 1\nx = 1\n", Ct);

        var result = await harness.InvokeAsync("edit", new { path = "a.txt", oldText = "x = 1", newText = "x = 2" });

        Assert.True(result.IsError);
        Assert.Equal("Found 2 occurrences of the text in a.txt. The text must be unique. Please provide more context to make it unique.", result.Text);
        Assert.Equal("x = 1\nx = 1\n", await File.ReadAllTextAsync(harness.PathIn("a.txt"), Ct));
    }

    [Fact]
    public async Task Edit_applies_several_edits_against_the_original()
    {
        await using var harness = new ToolHarness();
        await File.WriteAllTextAsync(harness.PathIn("a.txt"), "a\nb\nc\n", Ct);

        var result = await harness.InvokeAsync("edit", new { path = "a.txt", edits = new[] { new { oldText = "a", newText = "A" }, new { oldText = "c", newText = "C" } } });

        Assert.Equal("Successfully replaced 2 block(s) in a.txt.", result.Text);
        Assert.Equal("A\nb\nC\n", await File.ReadAllTextAsync(harness.PathIn("a.txt"), Ct));
    }

    [Fact]
    public async Task Apply_patch_adds_updates_moves_and_deletes()
    {
        await using var harness = new ToolHarness();
        await File.WriteAllTextAsync(harness.PathIn("main.py"), "import os\n\ndef greet():\n    print('hi')\n\ngreet()\n", Ct);
        await File.WriteAllTextAsync(harness.PathIn("old.txt"), "bye\n", Ct);
        await File.WriteAllTextAsync(harness.PathIn("moveme.txt"), "keep\nchange\n", Ct);
        const string patch = """
            *** Begin Patch
            *** Add File: src/new.txt
            +hello
            +world
            *** Update File: main.py
            @@ def greet():
            -    print('hi')
            +    print('hello')
            *** Delete File: old.txt
            *** Update File: moveme.txt
            *** Move to: moved/here.txt
            @@
             keep
            -change
            +changed
            *** End Patch
            """;

        var result = await harness.InvokeAsync("apply_patch", new { input = patch });

        Assert.False(result.IsError, result.Text);
        Assert.Equal("Success. Updated the following files:\nA src/new.txt\nM main.py\nD old.txt\nM moved/here.txt", result.Text);
        Assert.Equal("hello\nworld\n", await File.ReadAllTextAsync(harness.PathIn("src/new.txt"), Ct));
        Assert.Equal("import os\n\ndef greet():\n    print('hello')\n\ngreet()\n", await File.ReadAllTextAsync(harness.PathIn("main.py"), Ct));
        Assert.False(File.Exists(harness.PathIn("old.txt")));
        Assert.False(File.Exists(harness.PathIn("moveme.txt")));
        Assert.Equal("keep\nchanged\n", await File.ReadAllTextAsync(harness.PathIn("moved/here.txt"), Ct));
    }

    [Fact]
    public async Task Apply_patch_with_stale_context_fails_and_writes_nothing()
    {
        await using var harness = new ToolHarness();
        await File.WriteAllTextAsync(harness.PathIn("a.txt"), "one\ntwo\n", Ct);
        const string patch = """
            *** Begin Patch
            *** Add File: b.txt
            +new
            *** Update File: a.txt
            @@
            -three
            +3
            *** End Patch
            """;

        var result = await harness.InvokeAsync("apply_patch", new { input = patch });

        Assert.True(result.IsError);
        Assert.StartsWith("Failed to find expected lines in a.txt", result.Text, StringComparison.Ordinal);
        Assert.False(File.Exists(harness.PathIn("b.txt")));
        Assert.Equal("one\ntwo\n", await File.ReadAllTextAsync(harness.PathIn("a.txt"), Ct));
    }

    [Fact]
    public async Task Apply_patch_rejects_a_malformed_patch_with_a_clear_error()
    {
        await using var harness = new ToolHarness();
        var result = await harness.InvokeAsync("apply_patch", new { input = "*** Begin Patch\n*** Frobnicate: x\n*** End Patch" });

        Assert.True(result.IsError);
        Assert.Contains("line 2", result.Text, StringComparison.Ordinal);
        Assert.Contains("*** Update File: ", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ls_lists_entries_with_directories_marked()
    {
        await using var harness = new ToolHarness();
        Directory.CreateDirectory(harness.PathIn("src"));
        await File.WriteAllTextAsync(harness.PathIn("README.md"), "r", Ct);

        var result = await harness.InvokeAsync("ls", new { });

        Assert.Equal("README.md\nsrc/", result.Text);
    }
}
