using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenClaw.Gateway.Config;
using OpenClaw.Gateway.Sandbox;
using OpenClaw.Gateway.Tools.Execution;
using OpenClaw.Gateway.Tools.Files;
using OpenClaw.Gateway.Tools.Http;
using OpenClaw.Contracts;
using OpenClaw.Gateway.Tools.Messaging;
using OpenClaw.Gateway.Tools.Runtime;
using OpenClaw.Gateway.Tools.Sessions;
using StackExchange.Redis;
using OpenClaw.Gateway.Tools.Web;

namespace OpenClaw.Gateway.Tools;

public static class GatewayToolsExtensions
{
    /// <summary>
    /// Registers the built-in tools, the tool policy (<see cref="IToolCatalog"/>), host execution and the process
    /// registry, bound to the <c>tools</c> and <c>agents</c> config sections.
    /// </summary>
    public static IHostApplicationBuilder AddGatewayTools(this IHostApplicationBuilder builder)
    {
        builder.Services.AddGatewayTools(builder.Configuration);
        return builder;
    }

    /// <summary>Maps the tools' HTTP surface: <c>POST /tools/invoke</c>.</summary>
    public static IEndpointRouteBuilder MapGatewayTools(this IEndpointRouteBuilder app) => app.MapToolsInvokeApi();

    public static IServiceCollection AddGatewayTools(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(sp => new ToolConfigSource(configuration, sp.GetService<IConfigStore>()));
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton<HostExecutionBackend>();
        // Sandboxed sessions go to the SandboxManager when AddGatewaySandbox() registered its client and resolver.
        services.TryAddSingleton<ISandboxExecutionBackend>(sp =>
            sp.GetService<ISandboxClient>() is { } client && sp.GetService<SandboxResolver>() is { } resolver
                ? new SandboxExecutionBackend(client, resolver)
                : UnavailableSandboxBackend.Instance);
        services.TryAddSingleton(sp => new ToolExecutionRouter(
            sp.GetRequiredService<HostExecutionBackend>(),
            sp.GetRequiredService<ISandboxExecutionBackend>()));
        services.TryAddSingleton<ProcessRegistry>();
        services.TryAddSingleton<IOutboundMessageSender>(sp => sp.GetService<IConnectionMultiplexer>() is { } redis
            ? new RedisOutboundMessageSender(redis, sp.GetService<StreamNames>() ?? new StreamNames())
            : new UnavailableOutboundMessageSender());

        services.AddSingleton<IAgentTool, ExecTool>();
        services.AddSingleton<IAgentTool, ProcessTool>();
        services.AddSingleton<IAgentTool, ReadTool>();
        services.AddSingleton<IAgentTool, WriteTool>();
        services.AddSingleton<IAgentTool, EditTool>();
        services.AddSingleton<IAgentTool, ApplyPatchTool>();
        services.AddSingleton<IAgentTool, LsTool>();
        services.AddSingleton<IAgentTool, WebFetchTool>();
        services.AddSingleton<IAgentTool, MessageTool>();

        services.TryAddSingleton<SessionToolsAccess>();
        services.AddSingleton<IAgentTool, SessionsListTool>();
        services.AddSingleton<IAgentTool, SessionsHistoryTool>();
        services.AddSingleton<IAgentTool, SessionsSendTool>();
        services.AddSingleton<IAgentTool, SessionsSpawnTool>();
        services.AddSingleton<IAgentTool, SessionStatusTool>();

        services.TryAddSingleton<ToolRegistry>();
        // AddSingleton, not TryAdd: replaces the gateway core's empty default catalog whichever is registered first.
        services.AddSingleton<IToolCatalog>(sp => sp.GetRequiredService<ToolRegistry>());
        return services;
    }
}
