using OpenClaw.Contracts.Sandbox;
using OpenClaw.Gateway.Sandbox;
using OpenClaw.Gateway.Tools;
using OpenClaw.Gateway.Tools.Execution;

namespace OpenClaw.Gateway.Tests.Tools;

public sealed class SandboxRoutingTests
{
    [Fact]
    public async Task A_sandboxed_session_never_falls_back_to_the_host()
    {
        await using var harness = new ToolHarness();
        var sandboxed = harness.Context("agent:main:telegram:group:1") with { Sandboxed = true };

        var exec = await harness.InvokeAsync("exec", new { command = "touch on-host" }, sandboxed);
        var write = await harness.InvokeAsync("write", new { path = "on-host.txt", content = "x" }, sandboxed);

        Assert.All([exec, write], r => Assert.True(r.IsError));
        Assert.All([exec, write], r => Assert.Contains("no sandbox runtime", r.Text, StringComparison.Ordinal));
        Assert.Empty(Directory.GetFileSystemEntries(harness.Workspace));
    }

    [Fact]
    public void The_router_picks_the_backend_from_the_context()
    {
        var host = new HostExecutionBackend();
        var router = new ToolExecutionRouter(host, UnavailableSandboxBackend.Instance);
        var context = new ToolContext { AgentId = "main", SessionKey = "agent:main:main", WorkspaceDir = "/tmp" };

        Assert.Same(host, router.For(context));
        Assert.Same(UnavailableSandboxBackend.Instance, router.For(context with { Sandboxed = true }));
    }

    [Theory]
    [InlineData("notes.md", "/workspace/notes.md")]
    [InlineData("./src/../a.txt", "/workspace/a.txt")]
    [InlineData("/workspace/x/y", "/workspace/x/y")]
    [InlineData("/agent/AGENTS.md", "/agent/AGENTS.md")]
    public void Sandbox_paths_resolve_inside_the_container_workspace(string path, string expected)
    {
        Assert.Equal(expected, SandboxExecutionBackend.ContainerPath(Sandbox(), path));
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("a/../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("/workspace/../root/.ssh/id_rsa")]
    public void Sandbox_paths_that_leave_the_workspace_are_refused(string path)
    {
        var error = Assert.Throws<WorkspaceEscapeException>(() => SandboxExecutionBackend.ContainerPath(Sandbox(), path));
        Assert.Contains("outside the sandbox workspace '/workspace'", error.Message, StringComparison.Ordinal);
    }

    private static SandboxContext Sandbox() => new(
        new SandboxSpec { ScopeKey = "agent:main", ContainerName = "openclaw-sbx-agent-main-f331f052", WorkspaceDir = "/tmp/sbx", ConfigHash = "0" },
        "main",
        "agent:main:telegram:group:1",
        "agent",
        "none");
}
