using OpenClaw.Gateway.Protocol.Methods;
using OpenClaw.Gateway.Security;

namespace OpenClaw.Gateway.Protocol;

/// <summary><c>builder.AddGatewayProtocol()</c> / <c>app.MapGatewayProtocol()</c>: the WebSocket control plane on the HTTP port.</summary>
public static class GatewayProtocolExtensions
{
    public static IHostApplicationBuilder AddGatewayProtocol(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<GatewayProtocolOptions>().BindConfiguration(GatewayProtocolOptions.SectionName);
        services.AddGatewaySecurity();
        services.AddSingleton<GatewayInstance>();
        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton<EventBroadcaster>();
        services.AddSingleton<PresenceTracker>();
        services.AddSingleton<HealthReporter>();
        services.AddSingleton<HelloBuilder>();
        services.AddSingleton<ConnectHandshake>();
        services.AddSingleton<MethodDispatcher>();
        services.AddSingleton<GatewayWebSocketHandler>();
        services.AddSingleton(_ => new MethodRegistry()
            .MapSystemMethods()
            .MapDeviceMethods()
            .MapChatMethods()
            .MapSessionMethods()
            .MapConfigMethods()
            .MapCatalogMethods()
            .MapSandboxMethods()
            .MapPairingMethods()
            .MapMessagingMethods()
            .MapCronMethods());
        services.AddHostedService<TickService>();
        services.AddHostedService<ShutdownNotifier>();
        services.AddHostedService<RunEventRelay>();
        services.AddHostedService<PairingEventRelay>();
        return builder;
    }

    /// <summary>Upgrades WebSocket requests on <c>/</c> to the gateway protocol; plain HTTP passes through.</summary>
    public static WebApplication MapGatewayProtocol(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.Request.Path == "/" && WebSocketUpgrade.IsUpgrade(context))
            {
                await context.RequestServices.GetRequiredService<GatewayWebSocketHandler>().HandleAsync(context);
                return;
            }

            await next(context);
        });
        return app;
    }
}
