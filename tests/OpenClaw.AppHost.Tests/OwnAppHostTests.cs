namespace OpenClaw.AppHost.Tests;

/// <summary>Each test starts its own AppHost, so stopping or breaking it does not disturb the shared one.</summary>
public sealed class OwnAppHostTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ctrl_C_stops_every_process_the_AppHost_started()
    {
        await using var appHost = await AppHostProcess.StartAsync("""{ "channels": { "telegram": { "botToken": "1:x", "apiRoot": "http://127.0.0.1:9" } } }""", Ct);
        var resources = await appHost.WaitForAllRunningAsync(TimeSpan.FromMinutes(3), Ct);
        var pids = resources.Select(r => r.Pid!.Value).ToList();
        var appHostPid = appHost.AppHostPid();
        Assert.NotNull(appHostPid);
        Assert.All(pids, pid => Assert.True(ProcessInfo.IsAlive(pid)));
        Assert.Contains(pids, pid => ProcessInfo.CommandLine(pid).Contains("redis-server", StringComparison.Ordinal));

        Assert.True(await appHost.InterruptAsync(TimeSpan.FromSeconds(60)), "dotnet run did not end within 60 s of Ctrl+C");

        Assert.All(pids, pid => Assert.False(ProcessInfo.IsAlive(pid), $"{ProcessInfo.CommandLine(pid)} (pid {pid}) outlived the AppHost"));
        Assert.False(ProcessInfo.IsAlive(appHostPid.Value));
        Assert.Empty(ProcessInfo.WithHome(appHost.Home).Select(ProcessInfo.CommandLine));
        Assert.Contains(appHost.Output, line => line.Contains("Stopping all resources.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_Docker_engine_the_sandbox_manager_is_disabled_with_the_fix_and_the_rest_runs()
    {
        var missingSocket = Path.Combine(Path.GetTempPath(), $"no-docker-{Guid.NewGuid():n}.sock");
        Environment.SetEnvironmentVariable("DOCKER_HOST", $"unix://{missingSocket}");
        try
        {
            await using var appHost = await AppHostProcess.StartAsync("{}", Ct);
            var resources = await appHost.WaitForAllRunningAsync(TimeSpan.FromMinutes(3), Ct);

            var sandbox = resources.Single(r => r.Name == "sandbox-manager");
            Assert.Equal("Disabled", sandbox.State);
            Assert.StartsWith("disabled: no Docker engine", sandbox.StateDescription, StringComparison.Ordinal);
            Assert.Contains("docker info", sandbox.StateDescription, StringComparison.Ordinal);
            Assert.Null(sandbox.Pid);
            Assert.All(resources.Where(r => r.Name != "sandbox-manager"), r => Assert.Equal("Running", r.State));
            Assert.Contains(appHost.Output, line => line.Contains("sandbox-manager: disabled: no Docker engine", StringComparison.Ordinal));
        }
        finally
        {
            Environment.SetEnvironmentVariable("DOCKER_HOST", null);
        }
    }

    [Fact]
    public async Task Redis_as_a_container_without_its_image_fails_to_start_with_the_fix_and_dependents_say_why()
    {
        if (!File.Exists("/var/run/docker.sock"))
        {
            Assert.Skip("No Docker engine on this machine.");
        }

        await using var appHost = await AppHostProcess.StartAsync("{}", Ct, "--redis", "container", "--redis-image", "openclaw-test/no-such-redis:0");
        var patience = TimeSpan.FromMinutes(2);

        var redis = await appHost.WaitForStateAsync("redis", r => r.State == "FailedToStart", patience, Ct);
        Assert.Equal("Container", redis.Type);
        Assert.Contains("docker pull openclaw-test/no-such-redis:0", redis.StateDescription, StringComparison.Ordinal);
        var gateway = await appHost.WaitForStateAsync("gateway", r => r.State == "FailedToStart", patience, Ct);
        Assert.Equal("waited for redis, which is FailedToStart", gateway.StateDescription);
        var controlUi = await appHost.WaitForStateAsync("control-ui", r => r.State == "FailedToStart", patience, Ct);
        Assert.Equal("waited for gateway, which is FailedToStart", controlUi.StateDescription);
        Assert.Equal("Running", (await appHost.WaitForStateAsync("dashboard", r => r.State == "Running", patience, Ct)).State);
        Assert.Contains(appHost.Output, line => line.Contains("redis: FailedToStart: image openclaw-test/no-such-redis:0", StringComparison.Ordinal));
    }
}
