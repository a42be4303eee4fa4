using System.Net;
using System.Text.Json.Nodes;

namespace OpenClaw.Fakes.Telegram;

/// <summary>
/// sendPhoto / sendVoice / sendAudio / sendVideo / sendDocument as the Bot API answers them: the file comes as a
/// multipart upload, an http(s) URL Telegram fetches itself, or a known <c>file_id</c>; photos are at most 10 MB
/// (bigger ones: 400 <c>PHOTO_SAVE_FILE_INVALID</c>), a URL that cannot be fetched is 400 "failed to get HTTP URL
/// content", anything else 400 "wrong file identifier/HTTP URL specified"; a missing file 400 "there is no
/// &lt;kind&gt; in the request". The answer is a Message with the file object of its kind.
/// </summary>
public sealed partial class FakeTelegramBot
{
    public const long MaxPhotoBytes = 10L * 1024 * 1024;

    private static readonly HttpClient UrlFetcher = new() { Timeout = TimeSpan.FromSeconds(10) };

    private async Task<(int, JsonNode)> SendMediaAsync(string method, JsonObject p, IReadOnlyDictionary<string, TelegramUploadedFile> uploads,
        CancellationToken cancellationToken)
    {
        var field = method["send".Length..].ToLowerInvariant();
        TelegramSentFile file;
        if (p[field] is null)
        {
            return (400, FakeTelegramServer.Error(400, $"Bad Request: there is no {field} in the request"));
        }

        var reference = p[field]!.ToString();
        if (reference.StartsWith("attach://", StringComparison.Ordinal) && uploads.TryGetValue(reference["attach://".Length..], out var upload))
        {
            file = new TelegramSentFile("upload", upload.FileName, upload.ContentType, upload.Content, null, NewFileId());
        }
        else if (Uri.TryCreate(reference, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            var fetched = await FetchAsync(uri, cancellationToken).ConfigureAwait(false);
            if (fetched is null)
            {
                return (400, FakeTelegramServer.Error(400, "Bad Request: failed to get HTTP URL content"));
            }

            if (field == "photo" && fetched.Value.ContentType?.StartsWith("image/", StringComparison.Ordinal) != true)
            {
                return (400, FakeTelegramServer.Error(400, "Bad Request: wrong type of the web page content"));
            }

            file = new TelegramSentFile("url", Path.GetFileName(uri.AbsolutePath), fetched.Value.ContentType, fetched.Value.Content, reference, NewFileId());
        }
        else if (Files.Values.FirstOrDefault(f => f.FileId == reference) is { FileId: not null } known)
        {
            file = new TelegramSentFile("file_id", null, null, known.Content, null, known.FileId);
        }
        else
        {
            return (400, FakeTelegramServer.Error(400, "Bad Request: wrong file identifier/HTTP URL specified"));
        }

        if (field == "photo" && file.Content.Length > MaxPhotoBytes)
        {
            return (400, FakeTelegramServer.Error(400, "Bad Request: PHOTO_SAVE_FILE_INVALID"));
        }

        Files[$"{field}s/{file.FileId}"] = (file.FileId, file.Content);
        return Send(method, p, file, (field, FileObject(field, file)));
    }

    private static async Task<(byte[] Content, string? ContentType)?> FetchAsync(Uri uri, CancellationToken cancellationToken)
    {
        // Tests never leave the machine: the fake fetches loopback URLs only.
        if (!IPAddress.TryParse(uri.Host, out var address) || !IPAddress.IsLoopback(address))
        {
            return null;
        }

        try
        {
            using var response = await UrlFetcher.GetAsync(uri, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? (await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false), response.Content.Headers.ContentType?.MediaType)
                : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static JsonNode FileObject(string field, TelegramSentFile file)
    {
        JsonObject Base() => new() { ["file_id"] = file.FileId, ["file_unique_id"] = file.FileId[..12], ["file_size"] = file.Content.Length };
        switch (field)
        {
            case "photo":
                var small = Base();
                small["file_id"] = file.FileId + "_s";
                small["width"] = 90;
                small["height"] = 60;
                var large = Base();
                large["width"] = 1280;
                large["height"] = 853;
                return new JsonArray(small, large);
            case "voice" or "audio":
                var audio = Base();
                audio["duration"] = 3;
                audio["mime_type"] = file.MimeType ?? (field == "voice" ? "audio/ogg" : "audio/mpeg");
                return audio;
            case "video":
                var video = Base();
                video["width"] = 640;
                video["height"] = 360;
                video["duration"] = 3;
                return video;
            default:
                var document = Base();
                document["file_name"] = file.FileName ?? "file";
                document["mime_type"] = file.MimeType ?? "application/octet-stream";
                return document;
        }
    }

    private static string NewFileId() => $"BQAC{Guid.NewGuid():N}";
}
