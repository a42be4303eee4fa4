using System.Text.Json;
using OpenClaw.ControlUi.Gateway;

namespace OpenClaw.ControlUi.Chat;

/// <summary>A file picked in the composer: sent as upstream's <c>chat.send</c> attachment <c>{type, mimeType, fileName, content}</c>.</summary>
public sealed record ChatAttachment(string FileName, string MimeType, string Base64)
{
    public bool IsImage => MimeType.StartsWith("image/", StringComparison.OrdinalIgnoreCase);

    /// <summary>A small preview for images (data URL), null for other files.</summary>
    public string? PreviewUrl => IsImage ? $"data:{MimeType};base64,{Base64}" : null;

    public object ToWire() => new { type = IsImage ? "image" : "file", mimeType = MimeType, fileName = FileName, content = Base64 };
}

/// <summary>
/// The gateway's attachment limits from <c>hello-ok.policy.attachments</c> (images to the model ≤ maxImageBytes,
/// other files ≤ maxBytes), and the frame limit <c>policy.maxPayload</c> that the base64 of all files must fit in.
/// </summary>
public sealed record AttachmentPolicy(long MaxBytes, long MaxImageBytes, long MaxPayload)
{
    public static readonly AttachmentPolicy Default = new(20_971_520, 6_291_456, 26_214_400);

    public static AttachmentPolicy FromHello(JsonElement? hello)
    {
        var policy = hello.Prop("policy");
        var attachments = policy.Prop("attachments");
        return new AttachmentPolicy(
            attachments.Long("maxBytes") ?? Default.MaxBytes,
            attachments.Long("maxImageBytes") ?? Default.MaxImageBytes,
            policy.Long("maxPayload") ?? Default.MaxPayload);
    }

    /// <summary>Why this file cannot be attached (too big for its kind, or the message would not fit in one frame), or null.</summary>
    public string? Check(string fileName, string mimeType, long size, IEnumerable<ChatAttachment> already)
    {
        var image = mimeType.StartsWith("image/", StringComparison.OrdinalIgnoreCase);
        var max = image ? MaxImageBytes : MaxBytes;
        if (size > max)
        {
            return $"{fileName} is {Megabytes(size)}; {(image ? "images" : "files")} can be at most {Megabytes(max)}.";
        }

        // base64 grows by 4/3; keep a margin for the rest of the frame.
        var frame = already.Sum(a => (long)a.Base64.Length) + (size + 2) / 3 * 4;
        return frame > MaxPayload * 9 / 10
            ? $"{fileName} does not fit: all attachments of one message together must stay under {Megabytes(MaxPayload * 9 / 10 * 3 / 4)}."
            : null;
    }

    /// <summary>The largest single file this policy accepts (what the browser may stream to the circuit).</summary>
    public long LargestFile => Math.Max(MaxBytes, MaxImageBytes);

    private static string Megabytes(long bytes) => $"{bytes / 1024.0 / 1024.0:0.#} MB";
}
