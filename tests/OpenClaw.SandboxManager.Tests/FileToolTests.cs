using System.Text;
using OpenClaw.Contracts.Sandbox;
using OpenClaw.SandboxManager.Tests.Infrastructure;

namespace OpenClaw.SandboxManager.Tests;

/// <summary>read / write / edit / apply_patch / inbound media against a real sandbox.</summary>
public sealed class FileToolTests(OneSandboxFixture sandbox) : IClassFixture<OneSandboxFixture>
{
    private SandboxRequester Requester => sandbox.Env.Requester;

    [Fact]
    public async Task Write_then_read_round_trips_and_lands_in_the_sandbox_workspace_on_the_host()
    {
        var written = await Requester.CallAsync<WriteFileResult>(new WriteFileRequest { Spec = sandbox.Spec, Path = "notes/today.md", Content = "line 1\nline 2\nline 3\n" });
        var read = await Requester.CallAsync<ReadFileResult>(new ReadFileRequest { Spec = sandbox.Spec, Path = "/workspace/notes/today.md" });
        var slice = await Requester.CallAsync<ReadFileResult>(new ReadFileRequest { Spec = sandbox.Spec, Path = "notes/today.md", Offset = 2, Limit = 1 });

        Assert.Equal("/workspace/notes/today.md", written.Path);
        Assert.Equal("line 1\nline 2\nline 3\n", read.Content);
        Assert.Equal("line 2", slice.Content);
        Assert.Equal("line 1\nline 2\nline 3\n", await File.ReadAllTextAsync(Path.Combine(sandbox.Spec.WorkspaceDir, "notes", "today.md"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Paths_outside_the_workspace_are_refused()
    {
        var escape = await Requester.SendAsync(new ReadFileRequest { Spec = sandbox.Spec, Path = "../etc/passwd" });
        var absolute = await Requester.SendAsync(new WriteFileRequest { Spec = sandbox.Spec, Path = "/etc/evil", Content = "x" });

        Assert.Equal(SandboxErrorCodes.PathOutsideWorkspace, escape.Error?.Code);
        Assert.Equal(SandboxErrorCodes.PathOutsideWorkspace, absolute.Error?.Code);
        Assert.Contains("/workspace", absolute.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_a_missing_file_is_not_found()
    {
        var reply = await Requester.SendAsync(new ReadFileRequest { Spec = sandbox.Spec, Path = "nope.txt" });

        Assert.Equal(SandboxErrorCodes.NotFound, reply.Error?.Code);
    }

    [Fact]
    public async Task Edit_replaces_unique_text_and_refuses_missing_or_ambiguous_text()
    {
        await Requester.CallAsync<WriteFileResult>(new WriteFileRequest { Spec = sandbox.Spec, Path = "edit.txt", Content = "alpha beta\ngamma beta\n" });

        var ambiguous = await Requester.SendAsync(new EditFileRequest { Spec = sandbox.Spec, Path = "edit.txt", OldText = "beta", NewText = "B" });
        var missing = await Requester.SendAsync(new EditFileRequest { Spec = sandbox.Spec, Path = "edit.txt", OldText = "delta", NewText = "D" });
        await Requester.CallAsync<EditFileResult>(new EditFileRequest { Spec = sandbox.Spec, Path = "edit.txt", OldText = "alpha beta", NewText = "ALPHA" });
        var all = await Requester.CallAsync<EditFileResult>(new EditFileRequest { Spec = sandbox.Spec, Path = "edit.txt", OldText = "a", NewText = "4", ReplaceAll = true });
        var read = await Requester.CallAsync<ReadFileResult>(new ReadFileRequest { Spec = sandbox.Spec, Path = "edit.txt" });

        Assert.Equal(SandboxErrorCodes.EditFailed, ambiguous.Error?.Code);
        Assert.Contains("2 times", ambiguous.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(SandboxErrorCodes.EditFailed, missing.Error?.Code);
        Assert.Equal(3, all.Replacements);
        Assert.Equal("ALPHA\ng4mm4 bet4\n", read.Content);
    }

    [Fact]
    public async Task Apply_patch_adds_updates_moves_and_deletes_files()
    {
        await Requester.CallAsync<WriteFileResult>(new WriteFileRequest { Spec = sandbox.Spec, Path = "src/app.py", Content = "def main():\n    print('hi')\n\nmain()\n" });
        await Requester.CallAsync<WriteFileResult>(new WriteFileRequest { Spec = sandbox.Spec, Path = "old.txt", Content = "bye\n" });
        const string patch = """
            *** Begin Patch
            *** Add File: docs/readme.md
            +# Hello
            +world
            *** Update File: src/app.py
            *** Move to: src/main.py
            @@ def main():
            -    print('hi')
            +    print('hello')
            *** Delete File: old.txt
            *** End Patch
            """;

        var result = await Requester.CallAsync<ApplyPatchResult>(new ApplyPatchRequest { Spec = sandbox.Spec, Patch = patch });
        var files = await sandbox.ExecAsync("cat docs/readme.md src/main.py; ls src; test -e old.txt && echo old-exists || echo old-gone");

        Assert.Equal(["/workspace/docs/readme.md"], result.Added);
        Assert.Equal(["/workspace/src/main.py"], result.Modified);
        Assert.Contains("/workspace/old.txt", result.Deleted);
        Assert.Equal("# Hello\nworld\ndef main():\n    print('hello')\n\nmain()\nmain.py\nold-gone\n", files.Stdout);
    }

    [Fact]
    public async Task A_patch_that_does_not_apply_changes_nothing()
    {
        await Requester.CallAsync<WriteFileResult>(new WriteFileRequest { Spec = sandbox.Spec, Path = "keep.txt", Content = "one\n" });
        const string patch = "*** Begin Patch\n*** Add File: created.txt\n+new\n*** Update File: keep.txt\n@@\n-two\n+three\n*** End Patch\n";

        var reply = await Requester.SendAsync(new ApplyPatchRequest { Spec = sandbox.Spec, Patch = patch });
        var check = await sandbox.ExecAsync("cat keep.txt; test -e created.txt && echo created || echo not-created");

        Assert.Equal(SandboxErrorCodes.PatchFailed, reply.Error?.Code);
        Assert.Equal("one\nnot-created\n", check.Stdout);
    }

    [Fact]
    public async Task Inbound_media_is_copied_into_media_inbound_with_a_safe_name()
    {
        var bytes = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0, 1, 2, 255 };

        var result = await Requester.CallAsync<CopyMediaResult>(new CopyMediaRequest { Spec = sandbox.Spec, FileName = "../../evil photo.png", ContentBase64 = Convert.ToBase64String(bytes) });
        var size = await sandbox.ExecAsync($"wc -c < '{result.ContainerPath}'");

        Assert.Equal("/workspace/media/inbound/evil_photo.png", result.ContainerPath);
        Assert.Equal("8", size.Stdout.Trim());
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(sandbox.Spec.WorkspaceDir, "media", "inbound", "evil_photo.png"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Utf8_content_survives_write_and_read()
    {
        const string text = "héllo — 你好 🦀\n";

        await Requester.CallAsync<WriteFileResult>(new WriteFileRequest { Spec = sandbox.Spec, Path = "utf8.txt", Content = text });
        var read = await Requester.CallAsync<ReadFileResult>(new ReadFileRequest { Spec = sandbox.Spec, Path = "utf8.txt" });

        Assert.Equal(text, read.Content);
        Assert.Equal(Encoding.UTF8.GetByteCount(text), read.TotalBytes);
    }
}
