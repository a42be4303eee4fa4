using Microsoft.Extensions.Configuration;

namespace OpenClaw.AppHost.Hosting;

/// <summary>
/// The telemetry dashboard (OpenClaw.Dashboard), added to every app like Aspire's. It is configured
/// with Aspire's variables: the AppHost's <c>ASPNETCORE_URLS</c> is the UI address,
/// <c>ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL</c> / <c>_OTLP_HTTP_ENDPOINT_URL</c> the OTLP receivers, and
/// <c>ASPIRE_DASHBOARD_FRONTEND_BROWSERTOKEN</c> pins the login token. Anything unset gets a free
/// port or a generated secret.
/// </summary>
public sealed class DashboardResource : ProjectResource
{
    public DashboardResource(string projectFile, IConfiguration configuration)
        : base("dashboard", projectFile)
    {
        UiUrl = FirstUrl(configuration["ASPNETCORE_URLS"]) ?? $"http://127.0.0.1:{FreePort.Next()}";
        OtlpGrpcUrl = FirstUrl(configuration["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"]) ?? $"http://127.0.0.1:{FreePort.Next()}";
        OtlpHttpUrl = FirstUrl(configuration["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"]) ?? $"http://127.0.0.1:{FreePort.Next()}";
        BrowserToken = configuration["ASPIRE_DASHBOARD_FRONTEND_BROWSERTOKEN"] is { Length: > 0 } pinned ? pinned : Secrets.NewToken(16);
        OtlpApiKey = Secrets.NewToken(16);
        AllowAnonymous = string.Equals(configuration["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"], "true", StringComparison.OrdinalIgnoreCase);
        ExportsTelemetry = false;
        HealthCheckPath = "/health";

        Endpoints.Add(new Endpoint("http", "http", new Uri(UiUrl).Port));
        Endpoints.Add(new Endpoint("otlp-grpc", "http", new Uri(OtlpGrpcUrl).Port));
        Endpoints.Add(new Endpoint("otlp-http", "http", new Uri(OtlpHttpUrl).Port));

        Environment["ASPNETCORE_URLS"] = () => UiUrl;
        Environment["ASPNETCORE_ENVIRONMENT"] = () => "Production";
        Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = () => OtlpGrpcUrl;
        Environment["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = () => OtlpHttpUrl;
        Environment["DASHBOARD__FRONTEND__AUTHMODE"] = () => AllowAnonymous ? "Unsecured" : "BrowserToken";
        Environment["DASHBOARD__FRONTEND__BROWSERTOKEN"] = () => BrowserToken;
        Environment["DASHBOARD__OTLP__AUTHMODE"] = () => AllowAnonymous ? "Unsecured" : "ApiKey";
        Environment["DASHBOARD__OTLP__PRIMARYAPIKEY"] = () => OtlpApiKey;
        Environment["DASHBOARD__RESOURCESERVICECLIENT__URL"] = () => ResourceServiceUrl;
        Environment["DASHBOARD__RESOURCESERVICECLIENT__AUTHMODE"] = () => "ApiKey";
        Environment["DASHBOARD__RESOURCESERVICECLIENT__APIKEY"] = () => ResourceServiceApiKey;
    }

    public string UiUrl { get; }

    public string OtlpGrpcUrl { get; }

    public string OtlpHttpUrl { get; }

    public string BrowserToken { get; }

    public string OtlpApiKey { get; }

    public bool AllowAnonymous { get; }

    /// <summary>The AppHost's resource service, which the dashboard reads resources and console logs from.</summary>
    public string ResourceServiceUrl { get; set; } = "";

    public string ResourceServiceApiKey { get; } = Secrets.NewToken(16);

    public string LoginUrl => AllowAnonymous ? UiUrl : $"{UiUrl.TrimEnd('/')}/login?t={BrowserToken}";

    private static string? FirstUrl(string? urls) =>
        urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
}
