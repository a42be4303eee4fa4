using Microsoft.AspNetCore.StaticFiles;
using OpenClaw.ChannelWorkers.Pipeline;
using OpenClaw.Contracts.Channels;

namespace OpenClaw.ChannelWorkers.Media;

/// <summary>The bytes of an outbound file with the name and MIME type the platform upload needs.</summary>
internal sealed record LoadedMedia(byte[] Content, string FileName, string MimeType);

/// <summary>
/// Reads an outbound file for upload: a local path (the gateway checked it lies in a workspace or the media
/// folder) or an http(s) URL downloaded here, both capped at the channel's <c>mediaMaxMb</c>. Failures are
/// permanent <see cref="ChannelSendException"/>s that say which file and why, so the entry goes to the
/// dead-letter stream instead of being retried forever.
/// </summary>
internal static class OutboundMediaLoader
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static async Task<LoadedMedia> LoadAsync(OutboundMedia media, long maxBytes, HttpClient http, CancellationToken cancellationToken)
    {
        if (media.Path is { Length: > 0 } path)
        {
            var file = new FileInfo(path);
            if (!file.Exists)
            {
                throw new ChannelSendException($"outbound file {path} does not exist", permanent: true);
            }

            if (file.Length > maxBytes)
            {
                throw new ChannelSendException($"outbound file {path} is {file.Length / 1024 / 1024} MB, over mediaMaxMb ({maxBytes / 1024 / 1024} MB)", permanent: true);
            }

            var name = media.FileName ?? file.Name;
            return new LoadedMedia(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false), name, media.MimeType ?? MimeOf(name));
        }

        if (media.Url is not { Length: > 0 } url || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ChannelSendException("outbound media has neither a file path nor an http(s) url", permanent: true);
        }

        try
        {
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                // 4xx will not change on retry; 5xx might.
                throw new ChannelSendException($"downloading {url} answered {(int)response.StatusCode}", permanent: (int)response.StatusCode < 500);
            }

            if (response.Content.Headers.ContentLength > maxBytes)
            {
                throw new ChannelSendException($"{url} is larger than mediaMaxMb ({maxBytes / 1024 / 1024} MB)", permanent: true);
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw new ChannelSendException($"{url} is larger than mediaMaxMb ({maxBytes / 1024 / 1024} MB)", permanent: true);
                }

                buffer.Write(chunk, 0, read);
            }

            var name = media.FileName ?? (Path.GetFileName(uri.AbsolutePath) is { Length: > 0 } last ? last : "file");
            var mime = media.MimeType ?? response.Content.Headers.ContentType?.MediaType ?? MimeOf(name);
            return new LoadedMedia(buffer.ToArray(), name, mime);
        }
        catch (HttpRequestException ex)
        {
            throw new ChannelSendException($"downloading {url} failed: {ex.Message}", permanent: false, ex);
        }
    }

    public static string MimeOf(string fileName) =>
        // OGG/Opus is what voice notes are; the generic table calls .ogg application/ogg.
        Path.GetExtension(fileName).ToLowerInvariant() is ".ogg" or ".opus" or ".oga" ? "audio/ogg"
        : ContentTypes.TryGetContentType(fileName, out var type) ? type
        : "application/octet-stream";

    /// <summary>The kind of a media entry, from its declared kind or its MIME type (older entries say <c>image</c>).</summary>
    public static string KindOf(OutboundMedia media)
    {
        var mime = media.MimeType ?? MimeOf(media.FileName ?? media.Path ?? (Uri.TryCreate(media.Url, UriKind.Absolute, out var u) ? u.AbsolutePath : ""));
        return media.Kind switch
        {
            "photo" or "image" when mime is "image/jpeg" or "image/png" or "image/webp" or "application/octet-stream" => "photo",
            "photo" or "image" => "document",
            "voice" or "audio" or "video" or "document" => media.Kind,
            _ => mime switch
            {
                "image/jpeg" or "image/png" or "image/webp" => "photo",
                "audio/ogg" or "audio/opus" => "voice",
                _ when mime.StartsWith("audio/", StringComparison.Ordinal) => "audio",
                _ when mime.StartsWith("video/", StringComparison.Ordinal) => "video",
                _ => "document",
            },
        };
    }
}
