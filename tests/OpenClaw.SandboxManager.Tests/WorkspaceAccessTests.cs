using OpenClaw.Contracts.Sandbox;
using OpenClaw.SandboxManager.Tests.Infrastructure;

namespace OpenClaw.SandboxManager.Tests;

/// <summary>workspaceAccess none / ro / rw: the mounts Docker reports and which writes are refused.</summary>
public sealed class WorkspaceAccessTests : IAsyncLifetime
{
    private SandboxTestEnvironment _env = null!;
    private string _agentWorkspace = null!;

    public async ValueTask InitializeAsync()
    {
        _env = await SandboxTestEnvironment.StartAsync();
        await _env.StartManagerAsync();
        _agentWorkspace = Path.Combine(_env.StateDir, "workspace");
        Directory.CreateDirectory(_agentWorkspace);
        await File.WriteAllTextAsync(Path.Combine(_agentWorkspace, "AGENTS.md"), "agent instructions\n", TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task None_mounts_only_a_sandbox_workspace_under_the_state_dir()
    {
        var spec = TestSpecs.Create(_env, "agent:main:slack:channel:c1", "none", _agentWorkspace);

        await _env.Requester.CallAsync<WriteFileResult>(new WriteFileRequest { Spec = spec, Path = "made-here.txt", Content = "x" });
        var inspect = await _env.InspectAsync(spec.ContainerName);
        var agentVisible = await _env.Requester.CallAsync<ExecResult>(new ExecRequest { Spec = spec, Command = "ls /agent 2>&1; ls /workspace" });

        var mount = Assert.Single(inspect.Mounts);
        Assert.Equal(Path.Combine(_env.StateDir, "sandboxes"), Path.GetDirectoryName(mount.Source));
        Assert.Equal("/workspace", mount.Destination);
        Assert.True(mount.RW);
        Assert.True(File.Exists(Path.Combine(mount.Source, "made-here.txt")));
        Assert.False(File.Exists(Path.Combine(_agentWorkspace, "made-here.txt")));
        Assert.Contains("No such file or directory", agentVisible.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ro_mounts_the_agent_workspace_read_only_at_agent_and_refuses_write_tools()
    {
        var spec = TestSpecs.Create(_env, "agent:main:slack:channel:c2", "ro", _agentWorkspace);

        var read = await _env.Requester.CallAsync<ReadFileResult>(new ReadFileRequest { Spec = spec, Path = "/agent/AGENTS.md" });
        var write = await _env.Requester.SendAsync(new WriteFileRequest { Spec = spec, Path = "x.txt", Content = "x" });
        var edit = await _env.Requester.SendAsync(new EditFileRequest { Spec = spec, Path = "/agent/AGENTS.md", OldText = "agent", NewText = "evil" });
        var patch = await _env.Requester.SendAsync(new ApplyPatchRequest { Spec = spec, Patch = "*** Begin Patch\n*** Add File: y\n+y\n*** End Patch" });
        var shell = await _env.Requester.CallAsync<ExecResult>(new ExecRequest { Spec = spec, Command = "(echo evil > /agent/AGENTS.md) 2>&1; echo scratch > /workspace/s && echo scratch-ok" });
        var inspect = await _env.InspectAsync(spec.ContainerName);

        Assert.Equal("agent instructions\n", read.Content);
        Assert.Equal(SandboxErrorCodes.ReadOnly, write.Error?.Code);
        Assert.Contains("workspaceAccess", write.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(SandboxErrorCodes.ReadOnly, edit.Error?.Code);
        Assert.Equal(SandboxErrorCodes.ReadOnly, patch.Error?.Code);
        Assert.Contains("Read-only file system", shell.Stdout, StringComparison.Ordinal);
        Assert.Contains("scratch-ok", shell.Stdout, StringComparison.Ordinal);
        Assert.Equal("agent instructions\n", await File.ReadAllTextAsync(Path.Combine(_agentWorkspace, "AGENTS.md"), TestContext.Current.CancellationToken));
        var agentMount = Assert.Single(inspect.Mounts, m => m.Destination == "/agent");
        Assert.False(agentMount.RW);
        Assert.Equal(_agentWorkspace, agentMount.Source);
        Assert.True(Assert.Single(inspect.Mounts, m => m.Destination == "/workspace").RW);
    }

    [Fact]
    public async Task Rw_mounts_the_agent_workspace_at_workspace_and_writes_reach_it()
    {
        var spec = TestSpecs.Create(_env, "agent:main:slack:channel:c3", "rw", _agentWorkspace);

        await _env.Requester.CallAsync<WriteFileResult>(new WriteFileRequest { Spec = spec, Path = "from-sandbox.txt", Content = "hello host" });
        var read = await _env.Requester.CallAsync<ReadFileResult>(new ReadFileRequest { Spec = spec, Path = "AGENTS.md" });
        var inspect = await _env.InspectAsync(spec.ContainerName);

        var mount = Assert.Single(inspect.Mounts);
        Assert.Equal(_agentWorkspace, mount.Source);
        Assert.Equal("/workspace", mount.Destination);
        Assert.True(mount.RW);
        Assert.Equal("agent instructions\n", read.Content);
        Assert.Equal("hello host", await File.ReadAllTextAsync(Path.Combine(_agentWorkspace, "from-sandbox.txt"), TestContext.Current.CancellationToken));
    }
}
