using System.Text.Json;
using OpenClaw.Contracts;
using OpenClaw.Contracts.Channels;
using OpenClaw.Gateway.Channels;
using OpenClaw.Gateway.Config;

namespace OpenClaw.Gateway.Tools.Messaging;

/// <summary>
/// <c>message</c>: sends a message to a chat channel. Without <c>channel</c>/<c>target</c> it answers where the
/// current conversation came from. Delivery goes through the channel's outbound stream, so it survives a worker
/// restart and is sent once.
/// </summary>
public sealed class MessageTool(IOutboundMessageSender sender, OpenClawPaths? paths = null) : IAgentTool
{
    public string Name => "message";

    public string Description =>
        "Send a message to a chat channel (telegram, discord, slack, ...). Defaults to the current conversation; " +
        "give channel and target to message someone else.";

    public JsonElement ParametersSchema { get; } = ToolSchema.Parse("""
        {
          "type": "object",
          "properties": {
            "action": { "type": "string", "enum": ["send"], "description": "What to do (send)" },
            "channel": { "type": "string", "description": "Channel id, e.g. telegram (default: the current conversation's)" },
            "target": { "type": "string", "description": "Chat, user or channel id on that platform (default: the current conversation)" },
            "accountId": { "type": "string", "description": "Channel account (default: the current conversation's, else 'default')" },
            "threadId": { "type": "string", "description": "Thread or topic to post in" },
            "message": { "type": "string", "description": "Text to send (markdown)" },
            "replyTo": { "type": "string", "description": "Platform message id to reply to" },
            "media": { "type": "string", "description": "URL or workspace path of a file to attach (image, voice note, document)" },
            "mediaUrls": { "type": "array", "items": { "type": "string" }, "description": "Several files to attach (URLs or workspace paths)" }
          },
          "required": ["message"]
        }
        """);

    public async Task<ToolResult> InvokeAsync(JsonElement arguments, ToolContext context, CancellationToken cancellationToken)
    {
        var args = new ToolArguments(Name, arguments);
        var action = (args.GetString("action") ?? "send").Trim().ToLowerInvariant();
        if (action != "send")
        {
            throw new ToolException($"message: action '{action}' is not supported; use action \"send\".");
        }

        var channel = (args.GetString("channel", "provider") ?? context.Channel)?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(channel))
        {
            throw new ToolException("message: no channel. Give channel (e.g. \"telegram\") and target, or use it from a chat conversation.");
        }

        var sameConversation = string.Equals(channel, context.Channel, StringComparison.OrdinalIgnoreCase);
        var target = args.GetString("target", "to", "chatId") ?? (sameConversation ? context.To : null);
        if (string.IsNullOrWhiteSpace(target))
        {
            throw new ToolException($"message: no target for {channel}. Give target (the chat, user or channel id).");
        }

        var text = args.GetString("message", "text", "content");
        var references = new List<string>();
        if (args.GetString("media", "mediaUrl", "path", "filePath") is { Length: > 0 } single)
        {
            references.Add(single);
        }

        if (args.TryGet("mediaUrls", [], out var list) && list.ValueKind == JsonValueKind.Array)
        {
            references.AddRange(list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).Where(r => r.Length > 0));
        }

        if (string.IsNullOrEmpty(text) && references.Count == 0)
        {
            throw new ToolException("message: 'message' is required (the text to send).");
        }

        // Files come from the workspace (relative paths are relative to it) or the media folder, never elsewhere.
        string[] roots = paths is null ? [context.WorkspaceDir] : [context.WorkspaceDir, Path.Combine(paths.StateDir, "media")];
        var media = new List<OutboundMedia>();
        foreach (var reference in references)
        {
            var absolute = Uri.TryCreate(reference, UriKind.Absolute, out _) || Path.IsPathFullyQualified(reference)
                ? reference
                : Path.Combine(context.WorkspaceDir, reference);
            media.Add(OutboundMediaResolver.Resolve(absolute, roots, out var error) ?? throw new ToolException($"message: {error}."));
        }

        var outbound = new OutboundMessage
        {
            Target = new OutboundTarget
            {
                Channel = channel,
                AccountId = args.GetString("accountId") ?? (sameConversation ? context.AccountId : null) ?? "default",
                ChatId = target.Trim(),
                ThreadId = args.GetString("threadId") ?? (sameConversation && target == context.To ? context.ThreadId : null),
            },
            Text = text,
            Media = media,
            ReplyToMessageId = args.GetString("replyTo", "replyToId"),
            IdempotencyKey = $"tool:message:{Ulid.NewId()}",
        };

        var entryId = await sender.SendAsync(outbound, cancellationToken).ConfigureAwait(false);
        return new ToolResult($"Sent to {channel}:{outbound.Target.ChatId}.")
        {
            Details = ToolSchema.ToElement(new
            {
                ok = true,
                channel,
                accountId = outbound.Target.AccountId,
                to = outbound.Target.ChatId,
                threadId = outbound.Target.ThreadId,
                idempotencyKey = outbound.IdempotencyKey,
                streamEntryId = entryId,
            }),
        };
    }
}
