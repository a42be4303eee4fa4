using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OpenClaw.Gateway.Tests.Infrastructure;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.Sandbox;

/// <summary>
/// <c>openclaw sandbox list|recreate|explain</c> as a user runs them: the built CLI against the built gateway process,
/// a real Redis and the real SandboxManager process driving the Docker engine. Skipped when the CLI or the
/// SandboxManager has not been built, or Docker / the sandbox image is missing.
/// </summary>
public sealed class SandboxCliEndToEndTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_sandbox_made_by_exec_is_listed_explained_and_removed_by_recreate()
    {
        var (cli, manager) = (BuiltServiceProcess.FindBuilt("OpenClaw.Cli", "openclaw.dll"), BuiltServiceProcess.FindBuilt("OpenClaw.SandboxManager", "OpenClaw.SandboxManager.dll"));
        if (cli is null || manager is null || await RunAsync("docker", "image", "inspect", "openclaw-sandbox:bookworm-slim") is not (0, _))
        {
            Assert.Skip("needs the built openclaw CLI and OpenClaw.SandboxManager, a running Docker engine and the openclaw-sandbox:bookworm-slim image");
        }

        await using var redis = await RedisServer.StartAsync();
        using var home = new TempHome();
        var prefix = $"openclaw-clitest-{Guid.NewGuid():N}"[..24] + "-";
        Directory.CreateDirectory(home.StateDir);
        home.WriteConfig($$"""
            {
              gateway: { mode: "local", tools: { allow: ["exec"] } },
              agents: { defaults: { workspace: "{{Path.Combine(home.Path, "workspace")}}",
                sandbox: { mode: "all", scope: "session", workspaceAccess: "rw", docker: { containerPrefix: "{{prefix}}", network: "none" } } } },
            }
            """);
        using var managerProcess = BuiltServiceProcess.StartSandboxManager(manager, redis.ConnectionString, Path.Combine(home.Path, "manager-state"));
        var port = FreePort.Next();
        await using var gateway = GatewayProcess.Start(home, port, new Dictionary<string, string> { ["ConnectionStrings__redis"] = redis.ConnectionString });
        try
        {
            await gateway.WaitHealthyAsync();
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(4) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestGateway.Token);
            var invoke = await http.PostAsJsonAsync(new Uri($"{gateway.BaseUrl}/tools/invoke"),
                new { tool = "exec", args = new { command = "echo hello-from-sandbox", yieldMs = 180_000 }, sessionKey = "main" }, Ct);
            var invokeBody = await invoke.Content.ReadAsStringAsync(Ct);
            Assert.True(invoke.IsSuccessStatusCode, invokeBody);
            Assert.Contains("hello-from-sandbox", invokeBody, StringComparison.Ordinal);

            string[] target = ["--url", $"ws://127.0.0.1:{port}", "--token", TestGateway.Token, "--timeout", "60000"];
            var list = await RunCliAsync(cli, home, ["sandbox", "list", "--json", .. target]);
            Assert.True(list.Code == 0, list.Output);
            var containers = JsonNode.Parse(list.Output)!["containers"]!.AsArray();
            var ours = Assert.Single(containers, c => ((string?)c!["containerName"])!.StartsWith(prefix, StringComparison.Ordinal));
            var sessionKey = (string?)ours!["sessionKey"];
            Assert.Equal("agent:main:main", sessionKey);
            Assert.Equal("openclaw-sandbox:bookworm-slim", (string?)ours["image"]);
            Assert.Contains(ours["containerName"]!.ToString(), (await RunAsync("docker", "ps", "--format", "{{.Names}}")).Output, StringComparison.Ordinal);

            var table = await RunCliAsync(cli, home, ["sandbox", "list", .. target]);
            Assert.Equal(0, table.Code);
            // A redirected console is 80 columns wide, so long names wrap; the status column does not.
            Assert.Contains("Container", table.Output, StringComparison.Ordinal);
            Assert.Contains("running", table.Output, StringComparison.Ordinal);

            var explain = await RunCliAsync(cli, home, ["sandbox", "explain", "--session", "agent:main:main", "--json", .. target]);
            Assert.True(explain.Code == 0, explain.Output);
            var report = JsonNode.Parse(explain.Output)!;
            Assert.Equal("all", (string?)report["mode"]);
            Assert.Equal("session", (string?)report["scope"]);
            Assert.True((bool)report["sandboxed"]!);
            Assert.True((bool)report["container"]!["exists"]!);

            var recreate = await RunCliAsync(cli, home, ["sandbox", "recreate", "--session", "agent:main:main", "--force", .. target]);
            Assert.True(recreate.Code == 0, recreate.Output);
            Assert.Contains("Removed", recreate.Output, StringComparison.Ordinal);
            Assert.Equal("", (await RunAsync("docker", "ps", "-aq", "--filter", $"name={prefix}")).Output.Trim());
        }
        finally
        {
            managerProcess.Kill(entireProcessTree: true);
            var (_, ids) = await RunAsync("docker", "ps", "-aq", "--filter", $"name={prefix}");
            foreach (var id in ids.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                await RunAsync("docker", "rm", "-f", id.Trim());
            }
        }
    }

    [Fact]
    public async Task Sandbox_list_without_a_manager_fails_with_a_clear_error()
    {
        var cli = BuiltServiceProcess.FindBuilt("OpenClaw.Cli", "openclaw.dll");
        if (cli is null)
        {
            Assert.Skip("needs the built openclaw CLI");
        }

        await using var redis = await RedisServer.StartAsync();
        using var home = new TempHome();
        var port = FreePort.Next();
        await using var gateway = GatewayProcess.Start(home, port, new Dictionary<string, string> { ["ConnectionStrings__redis"] = redis.ConnectionString },
            "--allow-unconfigured");
        await gateway.WaitHealthyAsync();

        var result = await RunCliAsync(cli, home, ["sandbox", "list", "--url", $"ws://127.0.0.1:{port}", "--token", TestGateway.Token, "--timeout", "60000"]);

        Assert.Equal(1, result.Code);
        Assert.Contains("sandbox manager not reachable: start OpenClaw.SandboxManager", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output)> RunCliAsync(string cli, TempHome home, string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(cli);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["HOME"] = home.Path;
        start.Environment["OPENCLAW_STATE_DIR"] = home.StateDir;
        start.Environment.Remove("OPENCLAW_GATEWAY_TOKEN");
        start.Environment.Remove("OPENCLAW_GATEWAY_URL");
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            await process.WaitForExitAsync(CancellationToken.None);
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, "");
        }
    }
}
