using System.Text.Json;
using OpenClaw.Gateway.Runs;
using OpenClaw.Gateway.Sessions;
using OpenClaw.Gateway.Tools.Execution;

namespace OpenClaw.Gateway.Tools.Sessions;

/// <summary>
/// <c>sessions_spawn</c>: starts a sub-agent in its own session (<c>agent:&lt;id&gt;:subagent:&lt;uuid&gt;</c>) and
/// returns at once with its <c>runId</c> and <c>childSessionKey</c>; follow it with sessions_history.
/// A sandboxed session cannot spawn a sub-agent that would run unsandboxed.
/// </summary>
public sealed class SessionsSpawnTool(SessionToolsAccess access, TimeProvider clock) : IAgentTool
{
    public string Name => "sessions_spawn";

    public string Description => "Spawn a sub-agent that works on a task in its own session; returns its session key and run id without waiting.";

    public JsonElement ParametersSchema { get; } = ToolSchema.Parse("""
        {
          "type": "object",
          "properties": {
            "task": { "type": "string", "description": "What the sub-agent should do" },
            "label": { "type": "string", "description": "Short label for the sub-agent session" },
            "agentId": { "type": "string", "description": "Agent to run (default: this agent)" },
            "model": { "type": "string", "description": "provider/model for the sub-agent" },
            "runTimeoutSeconds": { "type": "number", "description": "Abort the sub-agent after this many seconds" }
          },
          "required": ["task"]
        }
        """);

    public async Task<ToolResult> InvokeAsync(JsonElement arguments, ToolContext context, CancellationToken cancellationToken)
    {
        var args = new ToolArguments(Name, arguments);
        var task = args.RequireString("task", "message");
        var agentId = SessionKeys.NormalizeAgentId(args.GetString("agentId") ?? context.AgentId);
        if (!string.Equals(agentId, context.AgentId, StringComparison.OrdinalIgnoreCase))
        {
            throw new ToolException(
                $"sessions_spawn: this agent may only spawn itself ('{context.AgentId}'), not '{agentId}' (agents.list[].subagents.allowAgents is not supported yet).");
        }

        var childKey = SessionKeys.Subagent(context.SessionKey, Guid.NewGuid());
        if (context.Sandboxed && !SessionSandboxing.IsSandboxed(access.Config.Agents, agentId, childKey))
        {
            throw new ToolException("sessions_spawn: a sandboxed session cannot spawn a sub-agent that would run unsandboxed.");
        }

        var depth = childKey.Split(":subagent:").Length - 1;
        var store = access.Stores.For(agentId);
        await store.GetOrCreateAsync(childKey, entry =>
        {
            entry.SpawnedBy = context.SessionKey;
            entry.ParentSessionKey = context.SessionKey;
            entry.SpawnDepth = depth;
            entry.Label = args.GetString("label");
            entry.UpdatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds();
        }, cancellationToken).ConfigureAwait(false);

        var accepted = await access.Runner.StartAsync(new AgentRunRequest
        {
            AgentId = agentId,
            SessionKey = childKey,
            Message = task,
            ModelOverride = args.GetString("model"),
            TimeoutSeconds = args.GetInt("runTimeoutSeconds"),
            ExtraSystemPrompt = $"You are a sub-agent spawned by {context.SessionKey} for one task. Do the task and reply with the result.",
        }, cancellationToken).ConfigureAwait(false);

        var payload = new { status = "accepted", runId = accepted.RunId, childSessionKey = childKey };
        return new ToolResult(JsonSerializer.Serialize(payload, ToolSchema.JsonOptions)) { Details = ToolSchema.ToElement(payload) };
    }
}
