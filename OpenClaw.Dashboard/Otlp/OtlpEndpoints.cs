using Google.Protobuf;
using Microsoft.AspNetCore.Http.Features;
using OpenClaw.Dashboard.Telemetry;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace OpenClaw.Dashboard.Otlp;

/// <summary>
/// OTLP receivers: gRPC services on the OTLP/gRPC port, and POST /v1/traces, /v1/logs,
/// /v1/metrics (application/x-protobuf, 4 MB max) on the OTLP/HTTP port, as in Aspire's dashboard.
/// </summary>
public static class OtlpEndpoints
{
    private const long MaxRequestBytes = 4 * 1024 * 1024;
    private const string ProtobufContentType = "application/x-protobuf";

    public static IServiceCollection AddOtlpReceiver(this IServiceCollection services)
    {
        services.AddGrpc(options => options.MaxReceiveMessageSize = (int)MaxRequestBytes);
        services.AddSingleton<TelemetryStore>();
        services.AddSingleton<OtlpApiKey>();
        return services;
    }

    public static IEndpointRouteBuilder MapOtlpReceiver(this IEndpointRouteBuilder app, DashboardEndpoints endpoints)
    {
        var grpcHost = $"*:{endpoints.OtlpGrpc.Port}";
        app.MapGrpcService<OtlpTraceService>().RequireHost(grpcHost);
        app.MapGrpcService<OtlpLogsService>().RequireHost(grpcHost);
        app.MapGrpcService<OtlpMetricsService>().RequireHost(grpcHost);

        var http = app.MapGroup("/v1").RequireHost($"*:{endpoints.OtlpHttp.Port}");
        http.MapPost("/traces", (HttpContext context, TelemetryStore store, OtlpApiKey apiKey) =>
            ExportAsync(context, apiKey, ExportTraceServiceRequest.Parser, store.AddTraces, new ExportTraceServiceResponse()));
        http.MapPost("/logs", (HttpContext context, TelemetryStore store, OtlpApiKey apiKey) =>
            ExportAsync(context, apiKey, ExportLogsServiceRequest.Parser, store.AddLogs, new ExportLogsServiceResponse()));
        http.MapPost("/metrics", (HttpContext context, TelemetryStore store, OtlpApiKey apiKey) =>
            ExportAsync(context, apiKey, ExportMetricsServiceRequest.Parser, store.AddMetrics, new ExportMetricsServiceResponse()));
        return app;
    }

    private static async Task<IResult> ExportAsync<TRequest>(HttpContext context, OtlpApiKey apiKey, MessageParser<TRequest> parser, Action<TRequest> store, IMessage response)
        where TRequest : IMessage<TRequest>
    {
        if (!apiKey.IsAllowed(context.Request.Headers[OtlpApiKey.HeaderName]))
        {
            return Results.Json(new { code = 16, message = "Missing or wrong x-otlp-api-key header (see OTEL_EXPORTER_OTLP_HEADERS)." }, statusCode: StatusCodes.Status401Unauthorized);
        }

        if (context.Request.ContentType?.Split(';')[0].Trim() != ProtobufContentType)
        {
            return Results.Json(new { code = 15, message = $"Unsupported content type '{context.Request.ContentType}'. Only '{ProtobufContentType}' is supported." },
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxRequestBytes;
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        TRequest request;
        try
        {
            buffer.Position = 0;
            request = parser.ParseFrom(buffer);
        }
        catch (InvalidProtocolBufferException ex)
        {
            return Results.Json(new { code = 3, message = $"The body is not a valid OTLP protobuf message: {ex.Message}" }, statusCode: StatusCodes.Status400BadRequest);
        }

        store(request);
        return Results.Bytes(response.ToByteArray(), ProtobufContentType);
    }
}
