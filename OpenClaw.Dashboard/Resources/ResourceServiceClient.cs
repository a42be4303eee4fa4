using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace OpenClaw.Dashboard.Resources;

/// <summary>
/// Reads resources and console logs from the AppHost (Dashboard:ResourceServiceClient:Url, API key
/// in <c>x-resource-service-api-key</c>). Without a URL the dashboard runs standalone: telemetry only.
/// </summary>
public sealed class ResourceServiceClient(HttpClient http, IOptions<DashboardOptions> options)
{
    private readonly DashboardOptions.ResourceServiceClientOptions _options = options.Value.ResourceServiceClient;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(_options.Url);

    public async Task<IReadOnlyList<ResourceInfo>> GetResourcesAsync(CancellationToken cancellationToken)
    {
        if (!IsConfigured)
        {
            return [];
        }

        using var request = Request(HttpMethod.Get, "resource-service/resources");
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<List<ResourceInfo>>(cancellationToken).ConfigureAwait(false) ?? [];
    }

    public async Task<IReadOnlyList<ConsoleLine>> GetConsoleAsync(string resource, long after, CancellationToken cancellationToken)
    {
        if (!IsConfigured)
        {
            return [];
        }

        using var request = Request(HttpMethod.Get, $"resource-service/resources/{Uri.EscapeDataString(resource)}/console?after={after}");
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return [];
        }

        return await response.Content.ReadFromJsonAsync<List<ConsoleLine>>(cancellationToken).ConfigureAwait(false) ?? [];
    }

    /// <summary>Runs restart, start or stop; true when the AppHost accepted it.</summary>
    public async Task<bool> ExecuteAsync(string resource, string command, CancellationToken cancellationToken)
    {
        if (!IsConfigured)
        {
            return false;
        }

        using var request = Request(HttpMethod.Post, $"resource-service/resources/{Uri.EscapeDataString(resource)}/commands/{Uri.EscapeDataString(command)}");
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode;
    }

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(new Uri(_options.Url!.TrimEnd('/') + "/"), path));
        request.Headers.Add("x-resource-service-api-key", _options.ApiKey ?? "");
        return request;
    }
}
