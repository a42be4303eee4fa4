using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using OpenClaw.Gateway.Sandbox;
using OpenClaw.Gateway.Tests.Sandbox;
using OpenClaw.Gateway.Tools;
using OpenClaw.Testing;
using StackExchange.Redis;

namespace OpenClaw.Gateway.Tests.Tools;

/// <summary>
/// A sandboxed session's tools against the real SandboxManager process (over a real Redis, with the real Docker
/// engine): exec and file tools run in the container and, with workspaceAccess rw, change the agent workspace.
/// Skipped when the SandboxManager has not been built or Docker / the sandbox image is not there.
/// </summary>
public sealed class SandboxEndToEndTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sandboxed_exec_and_file_tools_run_in_the_container()
    {
        var managerDll = BuiltServiceProcess.FindBuilt("OpenClaw.SandboxManager", "OpenClaw.SandboxManager.dll");
        if (managerDll is null || !await DockerReadyAsync())
        {
            Assert.Skip("needs a built OpenClaw.SandboxManager, a running Docker engine and the openclaw-sandbox:bookworm-slim image");
        }

        await using var redis = await RedisServer.StartAsync();
        using var connection = await redis.ConnectAsync();
        var root = Directory.CreateTempSubdirectory("openclaw-sbx-e2e-").FullName;
        var workspace = Path.Combine(root, "workspace");
        Directory.CreateDirectory(workspace);
        var prefix = $"openclaw-test-{Guid.NewGuid():N}"[..22] + "-";
        using var manager = BuiltServiceProcess.StartSandboxManager(managerDll, redis.ConnectionString, Path.Combine(root, "manager-state"));
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["HOME"] = root,
                ["OPENCLAW_STATE_DIR"] = Path.Combine(root, ".openclaw"),
                ["agents:defaults:workspace"] = workspace,
                ["agents:defaults:sandbox:mode"] = "all",
                ["agents:defaults:sandbox:workspaceAccess"] = "rw",
                ["agents:defaults:sandbox:docker:containerPrefix"] = prefix,
            });
            builder.Services.AddSingleton<IConnectionMultiplexer>(connection);
            builder.AddGatewaySandbox();
            builder.Services.AddGatewayTools(builder.Configuration);
            var host = builder.Build();
            await using var disposeHost = new AsyncDisposer(host);
            var registry = host.Services.GetRequiredService<ToolRegistry>();
            var context = new ToolContext { AgentId = "main", SessionKey = "agent:main:main", WorkspaceDir = workspace, Sandboxed = true };
            var tools = registry.GetEffectiveTools(context).ToDictionary(t => t.Name);

            // The first call creates the container, which can take longer than the default 10 s yield on a loaded machine.
            var exec = await tools["exec"].InvokeAsync(Json(new { command = "echo from-sandbox > made.txt; cat /etc/hostname; pwd", yieldMs = 180_000 }), context, Ct);
            var write = await tools["write"].InvokeAsync(Json(new { path = "notes/a.md", content = "alpha\n" }), context, Ct);
            var edit = await tools["edit"].InvokeAsync(Json(new { path = "notes/a.md", oldText = "alpha", newText = "beta" }), context, Ct);
            var read = await tools["read"].InvokeAsync(Json(new { path = "notes/a.md" }), context, Ct);
            var ls = await tools["ls"].InvokeAsync(Json(new { path = "notes" }), context, Ct);
            var patch = await tools["apply_patch"].InvokeAsync(Json(new { input = "*** Begin Patch\n*** Add File: src/p.txt\n+patched\n*** Delete File: made.txt\n*** End Patch" }), context, Ct);
            var escape = await tools["read"].InvokeAsync(Json(new { path = "../../etc/passwd" }), context, Ct);

            Assert.False(exec.IsError, exec.Text);
            Assert.Equal("sandbox", exec.Details!.Value.GetProperty("backend").GetString());
            Assert.Contains("/workspace", exec.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(Environment.MachineName, exec.Text, StringComparison.Ordinal);
            Assert.All([write, edit, read, ls, patch], r => Assert.False(r.IsError, r.Text));
            Assert.Equal("patched\n", await File.ReadAllTextAsync(Path.Combine(workspace, "src/p.txt"), Ct));
            Assert.False(File.Exists(Path.Combine(workspace, "made.txt")), "the patch deleted the file exec made in the container");
            Assert.Equal("beta\n", await File.ReadAllTextAsync(Path.Combine(workspace, "notes/a.md"), Ct));
            Assert.Equal("beta", read.Text);
            Assert.Equal("a.md", ls.Text);
            Assert.True(escape.IsError);
            Assert.StartsWith("Path escapes the workspace", escape.Text, StringComparison.Ordinal);
        }
        finally
        {
            manager.Kill(entireProcessTree: true);
            await RemoveContainersAsync(prefix);
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>
    /// Disposes the host, tolerating the second dispose of SandboxClient (AddGatewaySandbox registers it as itself and
    /// as ISandboxClient, so the container disposes it twice and its second DisposeAsync throws).
    /// </summary>
    private sealed class AsyncDisposer(IHost host) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                if (host is IAsyncDisposable asyncHost)
                {
                    await asyncHost.DisposeAsync();
                }
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private static System.Text.Json.JsonElement Json(object value) => System.Text.Json.JsonSerializer.SerializeToElement(value);

    private static async Task<bool> DockerReadyAsync()
    {
        try
        {
            var (code, _) = await RunAsync("docker", "image", "inspect", "openclaw-sandbox:bookworm-slim");
            return code == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static async Task RemoveContainersAsync(string prefix)
    {
        var (_, names) = await RunAsync("docker", "ps", "-aq", "--filter", $"name={prefix}");
        foreach (var id in names.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await RunAsync("docker", "rm", "-f", id.Trim());
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        await process.WaitForExitAsync(CancellationToken.None);
        return (process.ExitCode, output);
    }
}
