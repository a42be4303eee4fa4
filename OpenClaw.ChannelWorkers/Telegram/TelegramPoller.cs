using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using OpenClaw.ChannelWorkers.Pipeline;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace OpenClaw.ChannelWorkers.Telegram;

/// <summary>
/// <c>getUpdates</c> read update by update. Telegram.Bot would reject the whole batch when one update does
/// not deserialize, and the same batch would come back forever; here such an update is reported (null) and
/// skipped while its id still advances the offset.
/// </summary>
internal sealed class TelegramPoller(HttpClient http, TelegramAccountOptions options, string token)
{
    private readonly Uri _endpoint = new($"{options.ApiRoot.TrimEnd('/')}/bot{token}/getUpdates");

    public async Task<IReadOnlyList<(int UpdateId, Update? Update)>> GetUpdatesAsync(int? offset, CancellationToken cancellationToken)
    {
        var request = new Dictionary<string, object?> { ["limit"] = 100, ["timeout"] = options.PollTimeoutSeconds };
        if (offset is { } value)
        {
            request["offset"] = value;
        }

        using var response = await http.PostAsJsonAsync(_endpoint, request, cancellationToken).ConfigureAwait(false);
        using var document = await JsonDocument.ParseAsync(
            await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        if (!root.TryGetProperty("ok", out var ok) || !ok.GetBoolean())
        {
            var code = root.TryGetProperty("error_code", out var c) ? c.GetInt32() : (int)response.StatusCode;
            var description = root.TryGetProperty("description", out var d) ? d.GetString() : response.ReasonPhrase;
            if (code == 401)
            {
                throw new ChannelFatalException($"Telegram rejected the bot token (401 {description}); check channels.telegram.botToken.");
            }

            if (code == 429 && root.TryGetProperty("parameters", out var parameters)
                && parameters.TryGetProperty("retry_after", out var retryAfter))
            {
                await Task.Delay(TimeSpan.FromSeconds(retryAfter.GetInt32()), cancellationToken).ConfigureAwait(false);
                return [];
            }

            throw new HttpRequestException(
                string.Create(CultureInfo.InvariantCulture, $"getUpdates failed: {code} {description}"), null, response.StatusCode);
        }

        var updates = new List<(int, Update?)>();
        foreach (var element in root.GetProperty("result").EnumerateArray())
        {
            if (!element.TryGetProperty("update_id", out var idElement) || !idElement.TryGetInt32(out var id))
            {
                continue;
            }

            Update? update;
            try
            {
                update = element.Deserialize<Update>(JsonBotAPI.Options);
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
            {
                update = null;
            }

            updates.Add((id, update));
        }

        return updates;
    }
}
