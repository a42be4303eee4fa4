using OpenClaw.Contracts.Sandbox;

namespace OpenClaw.Gateway.Sandbox;

/// <summary>
/// What <c>openclaw sandbox list | recreate | explain</c> need, ready for a CLI or a gateway RPC to call:
/// explain joins the config view (mode, scope, access, why) with the manager's view of the container.
/// </summary>
public sealed class SandboxCommands(SandboxResolver resolver, ISandboxClient client)
{
    public async Task<IReadOnlyList<SandboxContainerInfo>> ListAsync(CancellationToken cancellationToken = default) =>
        (await client.ListAsync(new ListSandboxesRequest(), cancellationToken)).Containers;

    /// <summary>Exactly one of <paramref name="all"/>, <paramref name="sessionKey"/>, <paramref name="agentId"/>.</summary>
    public async Task<IReadOnlyList<string>> RecreateAsync(bool all, string? sessionKey, string? agentId, CancellationToken cancellationToken = default) =>
        (await client.RecreateAsync(new RecreateSandboxesRequest { All = all, SessionKey = sessionKey, AgentId = agentId }, cancellationToken)).Removed;

    /// <summary>The effective sandbox settings of a session and, when it is sandboxed, its container's state.</summary>
    public async Task<SandboxExplainReport> ExplainAsync(string agentId, string sessionKey, CancellationToken cancellationToken = default)
    {
        var explanation = resolver.Explain(agentId, sessionKey);
        ExplainSandboxResult? container = null;
        string? containerError = null;
        if (explanation.Context is { } context)
        {
            try
            {
                container = await client.ExplainAsync(context.Spec, cancellationToken);
            }
            catch (SandboxException ex)
            {
                containerError = ex.Message;
            }
        }

        return new SandboxExplainReport(explanation, container, containerError);
    }
}

/// <summary><see cref="SandboxExplanation"/> plus the container state (null when not sandboxed or the manager could not say).</summary>
public sealed record SandboxExplainReport(SandboxExplanation Config, ExplainSandboxResult? Container, string? ContainerError);
