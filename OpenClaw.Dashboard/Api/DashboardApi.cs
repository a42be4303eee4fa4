using Microsoft.AspNetCore.Http.HttpResults;
using OpenClaw.Dashboard.Resources;
using OpenClaw.Dashboard.Telemetry;

namespace OpenClaw.Dashboard.Api;

/// <summary>
/// A read-mostly JSON API over what the UI shows (behind the browser token: cookie or
/// <c>Authorization: Bearer</c>), for scripts and tests.
/// </summary>
public static class DashboardApi
{
    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Dashboard");
        api.MapGet("/resources", GetResources);
        api.MapGet("/resources/{name}/console", GetConsole);
        api.MapPost("/resources/{name}/{command:regex(^(restart|start|stop)$)}", ExecuteCommand);
        api.MapGet("/logs", GetLogs);
        api.MapGet("/traces", GetTraces);
        api.MapGet("/traces/{traceId}", GetTrace);
        api.MapGet("/spans", GetSpans);
        api.MapGet("/metrics", GetMetrics);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<ResourceInfo>>> GetResources(ResourceServiceClient resources, CancellationToken cancellationToken) =>
        TypedResults.Ok(await resources.GetResourcesAsync(cancellationToken).ConfigureAwait(false));

    private static async Task<Ok<IReadOnlyList<ConsoleLine>>> GetConsole(string name, long? after, ResourceServiceClient resources, CancellationToken cancellationToken) =>
        TypedResults.Ok(await resources.GetConsoleAsync(name, after ?? 0, cancellationToken).ConfigureAwait(false));

    private static async Task<Results<Accepted, NotFound>> ExecuteCommand(string name, string command, ResourceServiceClient resources, CancellationToken cancellationToken) =>
        await resources.ExecuteAsync(name, command, cancellationToken).ConfigureAwait(false)
            ? TypedResults.Accepted((string?)null)
            : TypedResults.NotFound();

    private static Ok<IReadOnlyList<LogEntry>> GetLogs(TelemetryStore store, string? resource, string? level, string? text, string? traceId) =>
        TypedResults.Ok(store.Logs(resource, level, text, traceId));

    private static Ok<IReadOnlyList<TraceSummary>> GetTraces(TelemetryStore store, string? resource, string? text) =>
        TypedResults.Ok(store.Traces(resource, text));

    private static Results<Ok<IReadOnlyList<SpanData>>, NotFound> GetTrace(string traceId, TelemetryStore store) =>
        store.Trace(traceId) is { } spans ? TypedResults.Ok(spans) : TypedResults.NotFound();

    private static Ok<IReadOnlyList<SpanData>> GetSpans(TelemetryStore store, string? resource, string? name) =>
        TypedResults.Ok(store.Spans(resource, name));

    private static Ok<List<MetricSummary>> GetMetrics(TelemetryStore store, string? resource) =>
        TypedResults.Ok(store.Instruments(resource).Select(instrument => new MetricSummary(
            instrument.Resource, instrument.Meter, instrument.Name, instrument.Kind, instrument.Unit, instrument.Description,
            store.Series(instrument).Select(s => new SeriesSummary(s.Label, s.Points.Count, s.Points.LastOrDefault())).ToList())).ToList());

    public sealed record MetricSummary(string Resource, string Meter, string Name, string Kind, string Unit, string Description, IReadOnlyList<SeriesSummary> Series);

    public sealed record SeriesSummary(string Label, int PointCount, MetricPoint? Last);
}
