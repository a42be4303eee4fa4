using Microsoft.AspNetCore.StaticFiles;
using OpenClaw.Contracts.Channels;

namespace OpenClaw.Gateway.Channels;

/// <summary>
/// Turns a <c>mediaUrl</c> (an http(s) URL, a <c>file://</c> URL or a local path) into an <see cref="OutboundMedia"/>
/// with its MIME type and kind, so the worker can pick the platform method (Telegram sendPhoto / sendVoice /
/// sendDocument, Discord attachments, Slack file uploads). Local files must lie inside one of the allowed roots
/// (the agents' workspaces and <c>&lt;stateDir&gt;/media</c>): a chat message never carries an arbitrary host file.
/// </summary>
public static class OutboundMediaResolver
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    /// <returns>The media, or null with <paramref name="error"/> saying what is wrong and how to fix it.</returns>
    public static OutboundMedia? Resolve(string reference, IReadOnlyList<string> allowedRoots, out string? error)
    {
        error = null;
        var value = reference.Trim();
        if (value.Length == 0)
        {
            error = "mediaUrl is empty";
            return null;
        }

        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            var urlName = Path.GetFileName(uri.AbsolutePath);
            var urlMime = MimeOf(urlName);
            return new OutboundMedia
            {
                Kind = KindOf(urlMime),
                MimeType = urlMime,
                Url = value,
                FileName = urlName.Length > 0 ? urlName : null,
            };
        }

        var path = uri is { IsFile: true } ? uri.LocalPath : value;
        if (!Path.IsPathFullyQualified(path))
        {
            error = $"mediaUrl '{value}' is neither an http(s) URL nor an absolute file path";
            return null;
        }

        var full = Path.GetFullPath(path);
        if (!allowedRoots.Any(root => IsInside(full, root)))
        {
            error = $"mediaUrl '{value}' is outside the allowed folders ({string.Join(", ", allowedRoots)}); copy the file into the agent workspace or use an http(s) URL";
            return null;
        }

        if (!File.Exists(full))
        {
            error = $"mediaUrl '{value}' does not exist";
            return null;
        }

        // A link inside the workspace must not lead out of it.
        if (new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true) is { } target && !allowedRoots.Any(root => IsInside(target.FullName, root)))
        {
            error = $"mediaUrl '{value}' is a link to {target.FullName}, outside the allowed folders; copy the file instead";
            return null;
        }

        var mime = MimeOf(full);
        return new OutboundMedia { Kind = KindOf(mime), MimeType = mime, Path = full, FileName = Path.GetFileName(full) };
    }

    public static string MimeOf(string fileName) =>
        // OGG/Opus is what voice notes are; the generic table calls .ogg application/ogg.
        Path.GetExtension(fileName).ToLowerInvariant() is ".ogg" or ".opus" or ".oga" ? "audio/ogg"
        : ContentTypes.TryGetContentType(fileName, out var type) ? type
        : "application/octet-stream";

    /// <summary>Photos are the formats Telegram's sendPhoto and chat clients render inline; OGG/Opus is a voice note.</summary>
    public static string KindOf(string mimeType) => mimeType switch
    {
        "image/jpeg" or "image/png" or "image/webp" => "photo",
        "audio/ogg" or "audio/opus" => "voice",
        _ when mimeType.StartsWith("audio/", StringComparison.Ordinal) => "audio",
        _ when mimeType.StartsWith("video/", StringComparison.Ordinal) => "video",
        _ => "document",
    };

    private static bool IsInside(string path, string root)
    {
        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
        return path.StartsWith(fullRoot, StringComparison.Ordinal);
    }
}
