using OpenClaw.AppHost.Hosting;

namespace OpenClaw.AppHost.Orchestration;

/// <summary>
/// The variables Aspire's <c>WithOtlpExporter</c> gives every project in run mode
/// (aspire-conventions §2.2/§2.3), pointing at our dashboard's OTLP/gRPC receiver.
/// </summary>
internal static class TelemetryEnvironment
{
    public static void AddTo(IDictionary<string, string> environment, Resource resource, DashboardResource dashboard, bool development)
    {
        environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = dashboard.OtlpGrpcUrl;
        environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc";
        if (!dashboard.AllowAnonymous)
        {
            environment["OTEL_EXPORTER_OTLP_HEADERS"] = $"x-otlp-api-key={dashboard.OtlpApiKey}";
        }

        environment["OTEL_SERVICE_NAME"] = resource.Name;
        environment["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={resource.Name}-{Secrets.NewToken(4)}";
        environment["OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EXCEPTION_LOG_ATTRIBUTES"] = "true";
        environment["OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EVENT_LOG_ATTRIBUTES"] = "true";
        environment["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory";
        if (development)
        {
            // Short batch delays so telemetry shows up in the dashboard within a second.
            environment["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
            environment["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
            environment["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
            environment["OTEL_TRACES_SAMPLER"] = "always_on";
            environment["OTEL_METRICS_EXEMPLAR_FILTER"] = "trace_based";
            environment["OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"] = "true";
            environment["OTEL_DOTNET_EXPERIMENTAL_ASPNETCORE_DISABLE_URL_QUERY_REDACTION"] = "true";
            environment["OTEL_DOTNET_EXPERIMENTAL_HTTPCLIENT_DISABLE_URL_QUERY_REDACTION"] = "true";
        }
    }
}
