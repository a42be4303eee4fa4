using OpenClaw.Contracts.Sandbox;
using OpenClaw.SandboxManager.Tests.Infrastructure;

namespace OpenClaw.SandboxManager.Tests;

/// <summary>The images scripts/sandbox-setup.sh builds, exercised through the manager like any sandbox.</summary>
public sealed class SandboxImageTests : IAsyncLifetime
{
    private const string BrowserImage = "openclaw-sandbox-browser:bookworm-slim";
    private SandboxTestEnvironment _env = null!;

    public async ValueTask InitializeAsync()
    {
        _env = await SandboxTestEnvironment.StartAsync();
        await _env.StartManagerAsync();
    }

    public async ValueTask DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task The_default_image_has_the_shell_and_user_the_sandbox_relies_on()
    {
        var spec = TestSpecs.Create(_env, "agent:image");

        var result = await _env.Requester.CallAsync<ExecResult>(new ExecRequest { Spec = spec, Command = "id -u sandbox; test -d /workspace && echo workspace; command -v bash; command -v perl" });

        Assert.Equal("1000\nworkspace\n/usr/bin/bash\n/usr/bin/perl\n", result.Stdout);
    }

    [Fact]
    public async Task The_browser_image_serves_the_devtools_protocol_and_novnc()
    {
        try
        {
            await _env.Docker.Images.InspectImageAsync(BrowserImage, TestContext.Current.CancellationToken);
        }
        catch (global::Docker.DotNet.DockerImageNotFoundException)
        {
            Assert.Skip($"{BrowserImage} is not built here: run scripts/sandbox-setup.sh --browser");
        }

        // The browser container runs its own entrypoint; the manager's sleep-infinity command is replaced by an exec of it.
        var spec = TestSpecs.Create(_env, "agent:browser") with { Image = BrowserImage, ReadOnlyRoot = false, User = "1000:1000" };
        await _env.Requester.CallAsync<EnsureSandboxResult>(new EnsureSandboxRequest { Spec = spec });
        await _env.Requester.PostAsync(new ExecRequest { Spec = spec, Command = "HOME=/home/sandbox exec openclaw-sandbox-browser", TimeoutSeconds = 120 });

        ExecResult? version = null;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            version = await _env.Requester.CallAsync<ExecResult>(new ExecRequest
            {
                Spec = spec,
                Command = "bash -c 'exec 3<>/dev/tcp/127.0.0.1/9222 && printf \"GET /json/version HTTP/1.1\\r\\nHost: 127.0.0.1\\r\\nConnection: close\\r\\n\\r\\n\" >&3 && timeout 5 cat <&3' 2>&1",
            });
            if (version.Stdout.Contains("webSocketDebuggerUrl", StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(500, TestContext.Current.CancellationToken);
        }

        var novnc = await _env.Requester.CallAsync<ExecResult>(new ExecRequest { Spec = spec, Command = "bash -c 'exec 3<>/dev/tcp/127.0.0.1/6080 && echo novnc'" });
        Assert.Contains("\"Browser\": \"Chrome/", version!.Stdout, StringComparison.Ordinal);
        Assert.Contains("webSocketDebuggerUrl", version.Stdout, StringComparison.Ordinal);
        Assert.Equal("novnc\n", novnc.Stdout);
    }
}
