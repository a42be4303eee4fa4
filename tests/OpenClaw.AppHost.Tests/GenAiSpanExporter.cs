using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OpenClaw.AppHost.Tests;

/// <summary>
/// Sends a model-call span the way a service instrumented with the OpenTelemetry SDK does, but over
/// OTLP/HTTP protobuf (the services use gRPC), so both receivers see real exporter traffic.
/// </summary>
internal static class GenAiSpanExporter
{
    public const string Service = "genai-test";

    public static string Export(IReadOnlyList<ResourceDto> resources)
    {
        var dashboard = resources.Single(r => r.Name == "dashboard");
        var headers = resources.Single(r => r.Name == "gateway").Env("OTEL_EXPORTER_OTLP_HEADERS")!;
        using var source = new ActivitySource("OpenClaw.AppHost.Tests");
        using (var tracing = Sdk.CreateTracerProviderBuilder()
                   .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(Service))
                   .AddSource(source.Name)
                   .AddOtlpExporter(otlp =>
                   {
                       otlp.Protocol = OtlpExportProtocol.HttpProtobuf;
                       otlp.Endpoint = new Uri(dashboard.Url("otlp-http") + "/v1/traces");
                       otlp.Headers = headers;
                       otlp.ExportProcessorType = ExportProcessorType.Simple;
                   })
                   .Build())
        {
            using var turn = source.StartActivity("agent turn", ActivityKind.Internal)!;
            using (var chat = source.StartActivity("chat gpt-test", ActivityKind.Client)!)
            {
                chat.SetTag("gen_ai.operation.name", "chat");
                chat.SetTag("gen_ai.provider.name", "openai");
                chat.SetTag("gen_ai.request.model", "gpt-test");
                chat.SetTag("gen_ai.usage.input_tokens", 12);
                chat.SetTag("gen_ai.usage.output_tokens", 34);
                Thread.Sleep(20);
            }

            var traceId = turn.TraceId.ToHexString();
            turn.Stop();
            tracing.ForceFlush(10_000);
            return traceId;
        }
    }
}
