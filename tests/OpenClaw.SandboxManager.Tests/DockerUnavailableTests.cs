using OpenClaw.Contracts.Sandbox;
using OpenClaw.SandboxManager.Tests.Infrastructure;

namespace OpenClaw.SandboxManager.Tests;

/// <summary>A manager whose Docker engine does not answer replies with a clear error instead of failing silently.</summary>
public sealed class DockerUnavailableTests : IAsyncLifetime
{
    private SandboxTestEnvironment _env = null!;

    public async ValueTask InitializeAsync()
    {
        _env = await SandboxTestEnvironment.StartAsync();
        await _env.StartManagerAsync(settings: new Dictionary<string, string?>
        {
            ["OpenClaw:SandboxManager:DockerEndpoint"] = $"unix://{Path.Combine(_env.StateDir, "no-docker.sock")}",
        });
    }

    public async ValueTask DisposeAsync() => await _env.DisposeAsync();

    [Fact]
    public async Task Requests_get_a_docker_unavailable_error()
    {
        var reply = await _env.Requester.SendAsync(new ExecRequest { Spec = TestSpecs.Create(_env, "agent:nodocker"), Command = "true" });

        Assert.False(reply.Ok);
        Assert.Equal(SandboxErrorCodes.DockerUnavailable, reply.Error!.Code);
        Assert.StartsWith("Sandbox mode requires Docker", reply.Error.Message, StringComparison.Ordinal);
    }
}
