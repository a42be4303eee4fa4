using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenClaw.SandboxManager.Requests;

namespace Microsoft.Extensions.Hosting;

public static class RequestsServiceCollectionExtensions
{
    /// <summary>Serves <c>openclaw:sandbox:requests</c> (consumer group <c>sandbox-manager</c>).</summary>
    public static TBuilder AddSandboxRequests<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.TryAddSingleton<SandboxRequestHandler>();
        builder.Services.TryAddSingleton<SandboxRequestConsumer>();
        builder.Services.AddHostedService(services => services.GetRequiredService<SandboxRequestConsumer>());
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(SandboxRequestConsumer.TelemetryName))
            .WithMetrics(metrics => metrics.AddMeter(SandboxRequestConsumer.TelemetryName));
        return builder;
    }
}
