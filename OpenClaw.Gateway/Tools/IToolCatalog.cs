namespace OpenClaw.Gateway.Tools;

/// <summary>
/// The tools a run may use: every registered tool filtered by the effective policy (profile,
/// allow/deny, per-agent overrides, sandbox tool policy). The agent loop asks it once per run.
/// </summary>
public interface IToolCatalog
{
    IReadOnlyList<IAgentTool> GetEffectiveTools(ToolContext context);
}
