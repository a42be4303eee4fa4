using Grpc.Core;
using OpenClaw.Dashboard.Telemetry;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace OpenClaw.Dashboard.Otlp;

/// <summary>The OTLP/gRPC collector services: opentelemetry.proto.collector.*.v1.*Service/Export.</summary>
public sealed class OtlpTraceService(TelemetryStore store, OtlpApiKey apiKey) : TraceService.TraceServiceBase
{
    public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
    {
        OtlpGrpcAuth.Check(apiKey, context);
        store.AddTraces(request);
        return Task.FromResult(new ExportTraceServiceResponse());
    }
}

public sealed class OtlpLogsService(TelemetryStore store, OtlpApiKey apiKey) : LogsService.LogsServiceBase
{
    public override Task<ExportLogsServiceResponse> Export(ExportLogsServiceRequest request, ServerCallContext context)
    {
        OtlpGrpcAuth.Check(apiKey, context);
        store.AddLogs(request);
        return Task.FromResult(new ExportLogsServiceResponse());
    }
}

public sealed class OtlpMetricsService(TelemetryStore store, OtlpApiKey apiKey) : MetricsService.MetricsServiceBase
{
    public override Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
    {
        OtlpGrpcAuth.Check(apiKey, context);
        store.AddMetrics(request);
        return Task.FromResult(new ExportMetricsServiceResponse());
    }
}

internal static class OtlpGrpcAuth
{
    public static void Check(OtlpApiKey apiKey, ServerCallContext context)
    {
        if (!apiKey.IsAllowed(context.RequestHeaders.GetValue(OtlpApiKey.HeaderName)))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "Missing or wrong x-otlp-api-key header (see OTEL_EXPORTER_OTLP_HEADERS)."));
        }
    }
}
