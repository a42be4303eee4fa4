using System.Text.Json;

namespace OpenClaw.Gateway.Tools;

/// <summary>What a tool returns to the model: text content, optional image attachments and details.</summary>
public sealed record ToolResult(string Text, bool IsError = false)
{
    public IReadOnlyList<ToolAttachment> Attachments { get; init; } = [];

    /// <summary>Structured details shown to operators (Control UI, agent events), not sent to the model.</summary>
    public JsonElement? Details { get; init; }

    public static ToolResult Error(string message) => new(message, IsError: true);
}

public sealed record ToolAttachment(string MimeType, byte[] Data, string? FileName = null);
