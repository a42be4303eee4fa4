using OpenClaw.Gateway.Config;

namespace OpenClaw.Gateway.Http;

/// <summary><c>/healthz</c> (liveness) and <c>/readyz</c> (readiness), unauthenticated, GET and HEAD (spec §1.4).</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthProbes(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/healthz", ["GET", "HEAD"], Live).ExcludeFromDescription();
        app.MapMethods("/readyz", ["GET", "HEAD"], Ready).ExcludeFromDescription();
        return app;
    }

    private static IResult Live() => Results.Json(new { ok = true, status = "live" });

    private static IResult Ready(IConfigStore config) =>
        config.Current.Config is null ? Results.Json(new { ok = false, status = "starting" }, statusCode: 503) : Results.Json(new { ok = true, status = "ready" });
}
