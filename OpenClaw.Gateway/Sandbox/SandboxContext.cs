using OpenClaw.Contracts.Sandbox;

namespace OpenClaw.Gateway.Sandbox;

/// <summary>The sandbox a sandboxed session's tools run in.</summary>
public sealed record SandboxContext(SandboxSpec Spec, string AgentId, string SessionKey, string Scope, string WorkspaceAccess)
{
    /// <summary>False with workspaceAccess ro: write, edit and apply_patch are refused (upstream disables them).</summary>
    public bool WritesAllowed => WorkspaceAccess != "ro";

    /// <summary>The working directory inside the container (<c>/workspace</c> by default).</summary>
    public string ContainerWorkdir => Spec.Workdir;
}

/// <summary>What <c>openclaw sandbox explain</c> shows (gateway side; the manager adds the container state).</summary>
public sealed record SandboxExplanation
{
    public required string AgentId { get; init; }
    public required string SessionKey { get; init; }
    public required string Mode { get; init; }
    public required string Scope { get; init; }
    public required string WorkspaceAccess { get; init; }
    public bool Sandboxed { get; init; }

    /// <summary>Why the session is (not) sandboxed, in words.</summary>
    public required string Reason { get; init; }

    public SandboxContext? Context { get; init; }

    public required SandboxPrune Prune { get; init; }

    /// <summary>Config keys that change the outcome (fix-it paths).</summary>
    public IReadOnlyList<string> ConfigPaths { get; init; } = [];
}
