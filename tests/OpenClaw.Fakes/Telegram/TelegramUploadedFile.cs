namespace OpenClaw.Fakes.Telegram;

/// <summary>A file part of a multipart Bot API request, as Telegram receives it.</summary>
public sealed record TelegramUploadedFile(string FieldName, string FileName, string? ContentType, byte[] Content);

/// <summary>
/// The file of a sendPhoto/sendVoice/sendAudio/sendVideo/sendDocument the fake accepted: how it came
/// (<c>upload</c> = multipart, <c>url</c> = fetched by Telegram, <c>file_id</c> = resent) and its bytes.
/// </summary>
public sealed record TelegramSentFile(string Source, string? FileName, string? MimeType, byte[] Content, string? Url, string FileId);
