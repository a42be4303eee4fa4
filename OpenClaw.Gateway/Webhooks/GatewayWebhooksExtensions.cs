using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenClaw.Gateway.Cron;
using OpenClaw.Gateway.Webhooks;

namespace Microsoft.Extensions.Hosting;

public static class GatewayWebhooksExtensions
{
    /// <summary>Webhook ingress (<c>hooks.*</c>, spec §10.2). Needs <c>AddGatewayCore</c>; reuses the gateway's failed-auth limiter.</summary>
    public static TBuilder AddGatewayWebhooks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.TryAddSingleton<ChannelAnnouncer>();
        builder.Services.TryAddSingleton<HooksSettings>();
        builder.Services.TryAddSingleton<HookDispatcher>();
        builder.Services.TryAddSingleton<HooksEndpoint>();
        return builder;
    }

    /// <summary>Answers requests under <c>hooks.path</c> (default <c>/hooks</c>) while hooks are enabled; the path follows config reloads.</summary>
    public static WebApplication MapGatewayWebhooks(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (!await context.RequestServices.GetRequiredService<HooksEndpoint>().TryHandleAsync(context))
            {
                await next(context);
            }
        });
        return app;
    }
}
