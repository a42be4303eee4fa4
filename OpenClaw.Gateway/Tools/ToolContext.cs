namespace OpenClaw.Gateway.Tools;

/// <summary>Where a tool call runs: which agent and session, its workspace, and whether it is sandboxed.</summary>
public sealed record ToolContext
{
    public required string AgentId { get; init; }

    public required string SessionKey { get; init; }

    /// <summary>The agent's workspace on the host; host tools are confined to it.</summary>
    public required string WorkspaceDir { get; init; }

    /// <summary>True when sandbox mode applies to this session: exec and file tools go to the SandboxManager.</summary>
    public bool Sandboxed { get; init; }

    /// <summary>The channel route of the session, used by the message tool; null for WebChat/API turns.</summary>
    public string? Channel { get; init; }

    public string? AccountId { get; init; }

    public string? To { get; init; }

    public string? ThreadId { get; init; }

    /// <summary>The model provider of the run, for <c>tools.byProvider</c> policy.</summary>
    public string? Provider { get; init; }

    /// <summary>The model id of the run (<c>model</c> or <c>provider/model</c>), for <c>tools.byProvider["provider/model"]</c>.</summary>
    public string? Model { get; init; }
}
