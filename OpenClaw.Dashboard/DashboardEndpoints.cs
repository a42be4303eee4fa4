using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace OpenClaw.Dashboard;

/// <summary>
/// The three listeners, configured like Aspire's dashboard: the UI from <c>ASPNETCORE_URLS</c>
/// (default 18888), OTLP/gRPC from <c>ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL</c> (18889, HTTP/2 only,
/// so plain http is h2c) and OTLP/HTTP from <c>ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL</c> (18890).
/// </summary>
public sealed record DashboardEndpoints(Uri Ui, Uri OtlpGrpc, Uri OtlpHttp)
{
    public static DashboardEndpoints From(IConfiguration configuration) => new(
        First(configuration["urls"]) ?? new Uri("http://127.0.0.1:18888"),
        First(configuration["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] ?? configuration["DOTNET_DASHBOARD_OTLP_ENDPOINT_URL"]) ?? new Uri("http://127.0.0.1:18889"),
        First(configuration["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] ?? configuration["DOTNET_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"]) ?? new Uri("http://127.0.0.1:18890"));

    public void Configure(KestrelServerOptions kestrel)
    {
        Listen(kestrel, Ui, HttpProtocols.Http1AndHttp2);
        Listen(kestrel, OtlpGrpc, HttpProtocols.Http2);
        Listen(kestrel, OtlpHttp, HttpProtocols.Http1AndHttp2);
    }

    public bool IsUi(HttpContext context) => context.Connection.LocalPort == Ui.Port;

    private static void Listen(KestrelServerOptions kestrel, Uri url, HttpProtocols protocols)
    {
        if (url.Host is "localhost")
        {
            kestrel.ListenLocalhost(url.Port, listen => listen.Protocols = protocols);
        }
        else if (IPAddress.TryParse(url.Host, out var address))
        {
            kestrel.Listen(address, url.Port, listen => listen.Protocols = protocols);
        }
        else
        {
            kestrel.ListenAnyIP(url.Port, listen => listen.Protocols = protocols);
        }
    }

    private static Uri? First(string? urls) =>
        urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() is { } url
            ? new Uri(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal))
            : null;
}
