using System.Text.Json;

namespace OpenClaw.ChannelWorkers.Telegram;

/// <summary>
/// The last update id handled per bot account, kept in <c>&lt;stateDir&gt;/telegram/update-offset-&lt;account&gt;.json</c>
/// (<c>{"version":1,"lastUpdateId":N}</c>) and written atomically after each batch reached Redis, so a
/// restarted worker neither skips nor needlessly re-reads updates.
/// </summary>
internal sealed class TelegramOffsetStore(string stateDir, string accountId)
{
    private readonly string _path = Path.Combine(stateDir, "telegram", $"update-offset-{accountId}.json");

    public long? Load()
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(_path));
            return document.RootElement.TryGetProperty("lastUpdateId", out var id) && id.TryGetInt64(out var value) ? value : null;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return null;
        }
    }

    public async Task SaveAsync(long lastUpdateId, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var temp = $"{_path}.{Environment.ProcessId}.tmp";
        await File.WriteAllTextAsync(temp, $$"""{"version":1,"lastUpdateId":{{lastUpdateId}}}""", cancellationToken).ConfigureAwait(false);
        File.Move(temp, _path, overwrite: true);
    }
}
