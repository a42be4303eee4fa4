using OpenClaw.Contracts.Sandbox;
using OpenClaw.SandboxManager.Requests;

namespace OpenClaw.SandboxManager.Tests.Infrastructure;

/// <summary>One environment, one manager and one sandbox (workspaceAccess none, upstream defaults) shared by a test class.</summary>
public sealed class OneSandboxFixture : IAsyncLifetime
{
    private SandboxTestEnvironment? _env;

    public SandboxTestEnvironment Env => _env ?? throw new InvalidOperationException("not started");

    public SandboxSpec Spec { get; private set; } = null!;

    public SandboxRequestConsumer Manager { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _env = await SandboxTestEnvironment.StartAsync();
        Manager = await _env.StartManagerAsync();
        Spec = TestSpecs.Create(_env, "agent:main:telegram:group:42");
    }

    public async ValueTask DisposeAsync()
    {
        if (_env is not null)
        {
            await _env.DisposeAsync();
        }
    }

    public Task<ExecResult> ExecAsync(string command, int timeoutSeconds = 60, string? stdin = null, IReadOnlyDictionary<string, string>? env = null, string? workdir = null, int maxOutputBytes = 200_000) =>
        Env.Requester.CallAsync<ExecResult>(new ExecRequest
        {
            Spec = Spec,
            Command = command,
            TimeoutSeconds = timeoutSeconds,
            Stdin = stdin,
            Env = env,
            Workdir = workdir,
            MaxOutputBytes = maxOutputBytes,
        });
}
