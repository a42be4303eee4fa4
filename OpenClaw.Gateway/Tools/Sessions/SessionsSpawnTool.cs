using System.Text.Json;
using OpenClaw.Gateway.Runs;
using OpenClaw.Gateway.Sessions;
using OpenClaw.Gateway.Tools.Execution;

namespace OpenClaw.Gateway.Tools.Sessions;

/// <summary>
/// <c>sessions_spawn</c>: starts a sub-agent in its own session (<c>agent:&lt;id&gt;:subagent:&lt;uuid&gt;</c>) and
/// returns at once with its <c>runId</c> and <c>childSessionKey</c>; follow it with sessions_history.
/// A sandboxed session cannot spawn a sub-agent that would run unsandboxed. When the sub-agent finishes, its result
/// is announced back: a run in the requesting session (on its last route) with the result, so the requester can
/// report it to the user.
/// </summary>
public sealed partial class SessionsSpawnTool(SessionToolsAccess access, TimeProvider clock, ILogger<SessionsSpawnTool> logger) : IAgentTool
{
    /// <summary>Longest a sub-agent is waited for before its announcement is given up (runs default to 48 h).</summary>
    private static readonly TimeSpan MaxAnnounceWait = TimeSpan.FromHours(48);

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

        var label = args.GetString("label");
        _ = AnnounceWhenDoneAsync(context, accepted.RunId, childKey, label, args.GetInt("runTimeoutSeconds"));

        var payload = new { status = "accepted", runId = accepted.RunId, childSessionKey = childKey };
        return new ToolResult(JsonSerializer.Serialize(payload, ToolSchema.JsonOptions)) { Details = ToolSchema.ToElement(payload) };
    }

    private async Task AnnounceWhenDoneAsync(ToolContext requester, string runId, string childKey, string? label, int? runTimeoutSeconds)
    {
        try
        {
            var wait = runTimeoutSeconds is > 0 ? TimeSpan.FromSeconds(runTimeoutSeconds.Value + 30) : MaxAnnounceWait;
            var result = await access.Runner.WaitAsync(runId, wait, CancellationToken.None).ConfigureAwait(false);
            if (result is null || (result.Text ?? "").Trim().Equals("NO_REPLY", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            var name = label is { Length: > 0 } ? $"\"{label}\" ({childKey})" : childKey;
            var body = result.Status == "ok"
                ? result.Text ?? "(no reply)"
                : $"The sub-agent ended with status {result.Status}: {result.Error ?? "no details"}";
            var parent = await access.StoreFor(requester.SessionKey, requester.AgentId).GetAsync(requester.SessionKey, CancellationToken.None).ConfigureAwait(false);
            var origin = parent?.LastChannel is { Length: > 0 } channel
                ? new RunOrigin(channel, parent.LastAccountId, parent.LastTo, parent.LastThreadId)
                : requester.Channel is { Length: > 0 } own ? new RunOrigin(own, requester.AccountId, requester.To, requester.ThreadId) : null;
            await access.Runner.StartAsync(new AgentRunRequest
            {
                AgentId = requester.AgentId,
                SessionKey = requester.SessionKey,
                Message = $"[Subagent {name} finished]\n{body}",
                SenderName = "subagent",
                Origin = origin,
                ExtraSystemPrompt = "A sub-agent you spawned has finished; its result is in the last message. Tell the user what matters, or reply NO_REPLY if nothing needs saying.",
            }, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // a lost announcement is logged; it must never take the gateway down
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogAnnounceFailed(logger, childKey, requester.SessionKey, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not announce sub-agent {ChildKey} to {SessionKey}: {Reason}")]
    private static partial void LogAnnounceFailed(ILogger logger, string childKey, string sessionKey, string reason);
}
