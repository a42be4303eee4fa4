using System.Text;
using System.Text.Json;
using OpenClaw.Gateway.Runs;

namespace OpenClaw.Gateway.Protocol.Methods;

/// <summary>
/// <c>chat.send</c>'s <c>attachments</c> (upstream shape: <c>{type?, mimeType?, fileName?, content}</c>, content base64
/// or a <c>data:</c> URL). Images go to the model as image parts (and into the transcript as image blocks); any other
/// file is saved under the agent workspace's <c>media/inbound/</c> (where the file tools can read it) and referenced
/// in the message text like channel media (<c>&lt;media:document&gt; /path</c>).
/// </summary>
public static class ChatAttachments
{
    /// <summary>As advertised in <c>hello-ok.policy.attachments</c>.</summary>
    public const long MaxImageBytes = 6_291_456;

    public const long MaxFileBytes = 20_971_520;

    public const int MaxCount = 10;

    public sealed record Parsed(IReadOnlyList<RunAttachment> Images, string Message);

    /// <summary>Validates and splits the attachments; throws INVALID_REQUEST naming the attachment and the limit.</summary>
    public static Parsed Apply(JsonElement? attachments, string message, string workspaceDir)
    {
        if (attachments is not { ValueKind: JsonValueKind.Array } array || array.GetArrayLength() == 0)
        {
            return new Parsed([], message);
        }

        if (array.GetArrayLength() > MaxCount)
        {
            throw GatewayMethodException.Invalid($"invalid chat.send params: at most {MaxCount} attachments per message (got {array.GetArrayLength()})");
        }

        var decoded = array.EnumerateArray().Select(Decode).ToList();
        var images = new List<RunAttachment>();
        var text = new StringBuilder(message);
        foreach (var (index, attachment) in decoded.Index())
        {
            var label = $"attachment {index + 1} ({attachment.FileName ?? attachment.MimeType})";
            if (IsImage(attachment))
            {
                if (attachment.Data.Length > MaxImageBytes)
                {
                    throw TooLarge(label, attachment.Data.Length, MaxImageBytes, "images");
                }

                images.Add(attachment);
                continue;
            }

            if (attachment.Data.Length > MaxFileBytes)
            {
                throw TooLarge(label, attachment.Data.Length, MaxFileBytes, "files");
            }
        }

        foreach (var file in decoded.Where(a => !IsImage(a)))
        {
            var path = SaveInbound(workspaceDir, file);
            text.Append(text.Length > 0 ? "\n" : "").Append("<media:document> ").Append(path);
        }

        return new Parsed(images, text.ToString());
    }

    private static bool IsImage(RunAttachment attachment) => attachment.MimeType.StartsWith("image/", StringComparison.OrdinalIgnoreCase);

    private static RunAttachment Decode(JsonElement element, int index)
    {
        var where = $"attachments[{index}]";
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw GatewayMethodException.Invalid($"invalid chat.send params: {where} must be an object {{type, mimeType, fileName, content}}");
        }

        var type = StringOf(element, "type");
        var mimeType = StringOf(element, "mimeType");
        var fileName = StringOf(element, "fileName");
        var content = StringOf(element, "content");
        if (string.IsNullOrEmpty(content))
        {
            throw GatewayMethodException.Invalid($"invalid chat.send params: {where} ({fileName ?? "unnamed"}) has no content (base64)");
        }

        // A data URL carries its own MIME type: data:image/png;base64,....
        if (content.StartsWith("data:", StringComparison.Ordinal) && content.IndexOf(',', StringComparison.Ordinal) is var comma and > 0)
        {
            var header = content[5..comma];
            mimeType ??= header.Split(';')[0] is { Length: > 0 } m ? m : null;
            content = content[(comma + 1)..];
        }

        byte[] data;
        try
        {
            data = Convert.FromBase64String(content);
        }
        catch (FormatException)
        {
            throw GatewayMethodException.Invalid($"invalid chat.send params: {where} ({fileName ?? "unnamed"}) content is not valid base64");
        }

        mimeType ??= type == "image" ? "image/png" : "application/octet-stream";
        return new RunAttachment(mimeType, data, fileName);
    }

    private static string? StringOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static GatewayMethodException TooLarge(string label, long size, long max, string kind) =>
        GatewayMethodException.Invalid(
            $"{label} is {Megabytes(size)}; {kind} can be at most {Megabytes(max)}. Send a smaller file.",
            new { size, maxBytes = max });

    private static string Megabytes(long bytes) => $"{bytes / 1024.0 / 1024.0:0.#} MB";

    /// <summary>Writes the file atomically under <c>media/inbound/</c>; the name keeps the original, made safe and unique.</summary>
    private static string SaveInbound(string workspaceDir, RunAttachment file)
    {
        var directory = Path.Combine(workspaceDir, "media", "inbound");
        Directory.CreateDirectory(directory);
        var name = SafeName(file.FileName);
        var path = Path.Combine(directory, $"{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}-{Guid.NewGuid().ToString("N")[..6]}-{name}");
        var temp = path + ".tmp";
        try
        {
            File.WriteAllBytes(temp, file.Data);
            File.Move(temp, path);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }

        return path;
    }

    private static string SafeName(string? fileName)
    {
        var name = Path.GetFileName(fileName ?? "") is { Length: > 0 } n ? n : "file";
        var invalid = Path.GetInvalidFileNameChars();
        var safe = new string([.. name.Select(c => invalid.Contains(c) || char.IsControl(c) || c == ' ' ? '_' : c)]).TrimStart('.');
        return safe.Length switch
        {
            0 => "file",
            > 80 => safe[^80..],
            _ => safe,
        };
    }
}
