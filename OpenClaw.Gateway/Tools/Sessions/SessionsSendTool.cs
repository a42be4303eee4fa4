using System.Text.Json;
using OpenClaw.Gateway.Runs;
using OpenClaw.Gateway.Sessions;

namespace OpenClaw.Gateway.Tools.Sessions;

/// <summary>
/// <c>sessions_send</c>: sends a message into another session, runs its agent there and waits up to
/// <c>timeoutSeconds</c> (default 30) for the reply; <c>timeoutSeconds: 0</c> fires and forgets.
/// </summary>
public sealed class SessionsSendTool(SessionToolsAccess access) : IAgentTool
{
    public string Name => "sessions_send";

    public string Description => "Send a message to another session and (unless timeoutSeconds is 0) wait for its reply.";

    public JsonElement ParametersSchema { get; } = ToolSchema.Parse("""
        {
          "type": "object",
          "properties": {
            "sessionKey": { "type": "string", "description": "Target session key (from sessions_list)" },
            "message": { "type": "string", "description": "Message to send" },
            "timeoutSeconds": { "type": "number", "description": "Seconds to wait for the reply (default 30; 0 = do not wait)" }
          },
          "required": ["sessionKey", "message"]
        }
        """);

    public async Task<ToolResult> InvokeAsync(JsonElement arguments, ToolContext context, CancellationToken cancellationToken)
    {
        var args = new ToolArguments(Name, arguments);
        var key = SessionKeys.Normalize(args.RequireString("sessionKey", "session_key", "key"), context.AgentId);
        var message = args.RequireString("message", "text");
        var timeout = Math.Max(0, args.GetNumber("timeoutSeconds") ?? 30);
        if (key == context.SessionKey)
        {
            throw new ToolException("sessions_send: that is this session; answer directly instead of sending to yourself.");
        }

        await access.EnsureVisibleAsync(context, key, cancellationToken).ConfigureAwait(false);
        var accepted = await access.Runner.StartAsync(new AgentRunRequest
        {
            AgentId = SessionKeys.AgentIdOf(key) ?? context.AgentId,
            SessionKey = key,
            Message = message,
            SenderName = $"session {context.SessionKey}",
            ExtraSystemPrompt = $"This message was sent by another session ({context.SessionKey}) with sessions_send. Reply REPLY_SKIP to stop an agent-to-agent exchange.",
        }, cancellationToken).ConfigureAwait(false);

        if (timeout == 0)
        {
            return Answer(new { runId = accepted.RunId, status = "accepted", sessionKey = key });
        }

        var result = await access.Runner.WaitAsync(accepted.RunId, TimeSpan.FromSeconds(timeout), cancellationToken).ConfigureAwait(false);
        if (result is null)
        {
            return Answer(new { runId = accepted.RunId, status = "timeout", sessionKey = key, error = $"no reply within {timeout} seconds; the run continues" });
        }

        return Answer(new { runId = accepted.RunId, status = result.Status, sessionKey = key, reply = result.Text, error = result.Error }, result.Status is "error");
    }

    private static ToolResult Answer(object payload, bool isError = false) =>
        new(JsonSerializer.Serialize(payload, ToolSchema.JsonOptions), isError) { Details = ToolSchema.ToElement(payload) };
}
