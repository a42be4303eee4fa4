using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenClaw.Gateway.Sessions;

namespace OpenClaw.Gateway.Runs;

/// <summary>Converts transcript messages to Microsoft.Extensions.AI chat messages for the model context.</summary>
public static class TranscriptChatMapper
{
    public static List<ChatMessage> ToChatMessages(IEnumerable<TranscriptEntry> entries)
    {
        var messages = new List<ChatMessage>();
        foreach (var entry in entries)
        {
            if (entry.Type != "message" || entry.Message is not { } m)
            {
                continue;
            }

            switch (m.Role)
            {
                case "user":
                    messages.Add(new ChatMessage(ChatRole.User, [.. m.Content.Select(ToContent).OfType<AIContent>()]));
                    break;
                case "assistant":
                    var contents = m.Content.Select(ToContent).OfType<AIContent>().ToList();
                    if (contents.Count > 0)
                    {
                        messages.Add(new ChatMessage(ChatRole.Assistant, contents));
                    }

                    break;
                case "toolResult" when m.ToolCallId is not null:
                    messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(m.ToolCallId, m.Text)]));
                    break;
            }
        }

        // A run aborted between a tool call and its result leaves a dangling call; providers reject that history.
        var answered = messages.SelectMany(x => x.Contents.OfType<FunctionResultContent>()).Select(r => r.CallId).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < messages.Count; i++)
        {
            foreach (var call in messages[i].Contents.OfType<FunctionCallContent>().Where(c => !answered.Contains(c.CallId)).ToList())
            {
                messages.Insert(i + 1, new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, "[tool call was interrupted]")]));
                answered.Add(call.CallId);
            }
        }

        return messages;
    }

    private static AIContent? ToContent(ContentBlock block) => block.Type switch
    {
        "text" when !string.IsNullOrEmpty(block.Text) => new TextContent(block.Text),
        "toolCall" when block.Id is not null && block.Name is not null => new FunctionCallContent(block.Id, block.Name, ArgumentsOf(block.Arguments)),
        "image" when block.Data is not null => new DataContent(Convert.FromBase64String(block.Data), block.MimeType ?? "image/png"),
        _ => null,
    };

    private static Dictionary<string, object?>? ArgumentsOf(JsonElement? arguments) =>
        arguments is { ValueKind: JsonValueKind.Object } a
            ? a.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone())
            : null;
}
