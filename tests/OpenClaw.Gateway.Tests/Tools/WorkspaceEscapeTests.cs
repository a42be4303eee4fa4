namespace OpenClaw.Gateway.Tests.Tools;

/// <summary>Host tools stay inside the agent workspace: every way out is refused and nothing is written.</summary>
public sealed class WorkspaceEscapeTests
{
    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("sub/../../../etc/passwd")]
    [InlineData("~/.ssh/id_rsa")]
    public async Task Read_outside_the_workspace_is_refused(string path)
    {
        await using var harness = new ToolHarness();
        Directory.CreateDirectory(harness.PathIn("sub"));

        var result = await harness.InvokeAsync("read", new { path });

        Assert.True(result.IsError);
        Assert.StartsWith("Path escapes the workspace", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_symlink_to_root_is_refused_for_read_ls_and_write()
    {
        await using var harness = new ToolHarness();
        File.CreateSymbolicLink(harness.PathIn("rootfs"), "/");

        var read = await harness.InvokeAsync("read", new { path = "rootfs/etc/passwd" });
        var ls = await harness.InvokeAsync("ls", new { path = "rootfs" });
        var write = await harness.InvokeAsync("write", new { path = "rootfs/tmp/openclaw-escape.txt", content = "x" });

        Assert.All([read, ls, write], r => Assert.Contains("through the symlink", r.Text, StringComparison.Ordinal));
        Assert.All([read, ls, write], r => Assert.True(r.IsError));
        Assert.False(File.Exists("/tmp/openclaw-escape.txt"));
    }

    [Fact]
    public async Task Writing_through_a_symlinked_directory_that_points_out_writes_nothing()
    {
        await using var harness = new ToolHarness();
        var outside = Path.Combine(harness.Root, "outside");
        Directory.CreateDirectory(outside);
        Directory.CreateSymbolicLink(harness.PathIn("out"), outside);

        var write = await harness.InvokeAsync("write", new { path = "out/secret.txt", content = "leak" });
        var relativeLink = Path.Combine(harness.Workspace, "up");
        File.CreateSymbolicLink(relativeLink, "..");
        var viaRelative = await harness.InvokeAsync("write", new { path = "up/outside/also.txt", content = "leak" });

        Assert.True(write.IsError);
        Assert.True(viaRelative.IsError);
        Assert.Empty(Directory.GetFileSystemEntries(outside));
    }

    [Fact]
    public async Task A_patch_that_writes_outside_the_workspace_is_refused_and_writes_nothing()
    {
        await using var harness = new ToolHarness();
        const string patch = """
            *** Begin Patch
            *** Add File: inside.txt
            +fine
            *** Add File: ../escaped.txt
            +not fine
            *** End Patch
            """;

        var result = await harness.InvokeAsync("apply_patch", new { input = patch });

        Assert.True(result.IsError);
        Assert.StartsWith("Path escapes the workspace", result.Text, StringComparison.Ordinal);
        Assert.False(File.Exists(harness.PathIn("inside.txt")));
        Assert.False(File.Exists(Path.Combine(harness.Root, "escaped.txt")));
    }

    [Fact]
    public async Task A_patch_that_moves_a_file_out_is_refused_and_keeps_the_file()
    {
        await using var harness = new ToolHarness();
        await File.WriteAllTextAsync(harness.PathIn("a.txt"), "one\n", TestContext.Current.CancellationToken);
        const string patch = """
            *** Begin Patch
            *** Update File: a.txt
            *** Move to: /tmp/openclaw-moved.txt
            @@
            -one
            +two
            *** End Patch
            """;

        var result = await harness.InvokeAsync("apply_patch", new { input = patch });

        Assert.True(result.IsError);
        Assert.Equal("one\n", await File.ReadAllTextAsync(harness.PathIn("a.txt"), TestContext.Current.CancellationToken));
        Assert.False(File.Exists("/tmp/openclaw-moved.txt"));
    }

    [Fact]
    public async Task Exec_workdir_outside_the_workspace_is_refused()
    {
        await using var harness = new ToolHarness();
        var result = await harness.InvokeAsync("exec", new { command = "touch escaped", workdir = ".." });

        Assert.True(result.IsError);
        Assert.False(File.Exists(Path.Combine(harness.Root, "escaped")));
    }

    [Fact]
    public async Task Paths_inside_the_workspace_work_absolute_relative_and_through_inner_symlinks()
    {
        await using var harness = new ToolHarness();
        Directory.CreateDirectory(harness.PathIn("docs"));
        await File.WriteAllTextAsync(harness.PathIn("docs/a.md"), "alpha", TestContext.Current.CancellationToken);
        Directory.CreateSymbolicLink(harness.PathIn("d"), "docs");

        var viaAbsolute = await harness.InvokeAsync("read", new { path = harness.PathIn("docs/a.md") });
        var viaDotDot = await harness.InvokeAsync("read", new { path = "docs/../docs/a.md" });
        var viaLink = await harness.InvokeAsync("read", new { path = "d/a.md" });

        Assert.All([viaAbsolute, viaDotDot, viaLink], r => Assert.Equal("alpha", r.Text));
    }
}
