using System.Net.Http.Json;
using System.Text.Json;

namespace OpenClaw.Cli.Onboarding;

/// <summary>A local OpenAI-compatible server found by the wizard: its base URL and the models it offers.</summary>
internal sealed record LocalModelServer(string BaseUrl, IReadOnlyList<string> Models);

/// <summary>
/// Looks for Ollama on this machine: <c>OLLAMA_HOST</c> (Ollama's own variable), else <c>http://127.0.0.1:11434</c>;
/// Ollama's <c>/api/tags</c> first, then the OpenAI-compatible <c>/v1/models</c>. Loopback only, two seconds at most.
/// </summary>
internal static class OllamaProbe
{
    public const string DefaultUrl = "http://127.0.0.1:11434";

    public static string Address
    {
        get
        {
            var host = Environment.GetEnvironmentVariable("OLLAMA_HOST") is { Length: > 0 } h ? h.TrimEnd('/') : DefaultUrl;
            return host.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? host : "http://" + host;
        }
    }

    public static async Task<LocalModelServer?> DetectAsync(string? address = null, CancellationToken cancellationToken = default)
    {
        var root = (address ?? Address).TrimEnd('/');
        if (root.EndsWith("/v1", StringComparison.Ordinal))
        {
            root = root[..^3];
        }

        if (!Uri.TryCreate(root, UriKind.Absolute, out var uri) || !uri.IsLoopback)
        {
            return null;
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            using var tags = await http.GetAsync(new Uri($"{root}/api/tags"), cancellationToken);
            if (tags.IsSuccessStatusCode && await tags.Content.ReadFromJsonAsync<JsonElement>(cancellationToken) is { ValueKind: JsonValueKind.Object } t
                && t.TryGetProperty("models", out var models) && models.ValueKind == JsonValueKind.Array)
            {
                return new LocalModelServer(root + "/v1", [.. models.EnumerateArray().Select(m => m.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "").Where(n => n.Length > 0)]);
            }

            using var openAi = await http.GetAsync(new Uri($"{root}/v1/models"), cancellationToken);
            if (openAi.IsSuccessStatusCode && await openAi.Content.ReadFromJsonAsync<JsonElement>(cancellationToken) is { ValueKind: JsonValueKind.Object } o
                && o.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
            {
                return new LocalModelServer(root + "/v1", [.. data.EnumerateArray().Select(m => m.TryGetProperty("id", out var id) ? id.GetString() ?? "" : "").Where(n => n.Length > 0)]);
            }
        }
        catch (HttpRequestException)
        {
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
        catch (JsonException)
        {
        }

        return null;
    }
}
