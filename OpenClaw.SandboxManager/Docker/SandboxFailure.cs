using OpenClaw.Contracts.Sandbox;

namespace OpenClaw.SandboxManager.Docker;

/// <summary>A request that cannot be served; becomes an error reply with <see cref="Code"/> (a <see cref="SandboxErrorCodes"/> value).</summary>
public sealed class SandboxFailure(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
