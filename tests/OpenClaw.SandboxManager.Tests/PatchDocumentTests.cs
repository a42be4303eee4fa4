using OpenClaw.Contracts.Sandbox;
using OpenClaw.SandboxManager.Docker;

namespace OpenClaw.SandboxManager.Tests;

public sealed class PatchDocumentTests
{
    [Fact]
    public void Hunks_apply_in_order_with_whitespace_tolerant_matching()
    {
        var patch = PatchDocument.Parse("*** Begin Patch\n*** Update File: a.txt\n@@\n a\n-b\n+B\n@@\n d  \n-e\n+E\n*** End Patch");
        var update = Assert.IsType<PatchOperation.Update>(Assert.Single(patch.Operations));

        var result = PatchDocument.ApplyHunks("a.txt", "a\nb\nc\nd\ne\n", update.Hunks);

        Assert.Equal("a\nB\nc\nd\nE\n", result);
    }

    [Theory]
    [InlineData("no markers")]
    [InlineData("*** Begin Patch\n*** End Patch")]
    [InlineData("*** Begin Patch\n*** Add File: x\nmissing plus\n*** End Patch")]
    [InlineData("*** Begin Patch\n*** Frobnicate: x\n*** End Patch")]
    public void Malformed_patches_are_refused_with_a_reason(string text)
    {
        var failure = Assert.Throws<SandboxFailure>(() => PatchDocument.Parse(text));

        Assert.Equal(SandboxErrorCodes.PatchFailed, failure.Code);
        Assert.StartsWith("apply_patch: ", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a.txt", "/workspace/a.txt")]
    [InlineData("./x/../b.txt", "/workspace/b.txt")]
    [InlineData("/workspace/c/d", "/workspace/c/d")]
    public void Workspace_paths_resolve_under_the_workdir(string path, string expected)
    {
        var spec = new SandboxSpec { ScopeKey = "shared", ContainerName = "x", WorkspaceDir = "/tmp/x", ConfigHash = "h" };

        Assert.Equal(expected, ContainerPaths.Resolve(spec, path, forWrite: true));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("/workspace/../etc/shadow")]
    [InlineData("/workspacex/file")]
    [InlineData("/agent/file")]
    public void Paths_that_leave_the_workspace_are_refused(string path)
    {
        var spec = new SandboxSpec { ScopeKey = "shared", ContainerName = "x", WorkspaceDir = "/tmp/x", ConfigHash = "h" };

        var failure = Assert.Throws<SandboxFailure>(() => ContainerPaths.Resolve(spec, path, forWrite: false));

        Assert.Equal(SandboxErrorCodes.PathOutsideWorkspace, failure.Code);
    }
}
