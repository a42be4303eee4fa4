using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenClaw.Gateway.Agents;
using OpenClaw.Gateway.Config;
using OpenClaw.Gateway.Http;
using OpenClaw.Gateway.Models;
using OpenClaw.Gateway.Runs;
using OpenClaw.Gateway.Sessions;
using OpenClaw.Gateway.Tools;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registration of the gateway core features (config, models, agents, sessions, runs, HTTP API).</summary>
public static class GatewayCoreExtensions
{
    /// <summary>Everything the gateway core needs, in dependency order.</summary>
    public static WebApplicationBuilder AddGatewayCore(this WebApplicationBuilder builder, GatewayArgs args)
    {
        builder.AddGatewayConfig(args);
        builder.AddGatewayHosting();
        builder.AddGatewayAuth();
        builder.AddModelProviders();
        builder.AddAgents();
        builder.AddSessions();
        builder.AddAgentRuns();
        return builder;
    }

    public static WebApplication MapGatewayCore(this WebApplication app)
    {
        app.MapHealthProbes();
        app.MapOpenAiCompatibleApi();
        return app;
    }

    public static TBuilder AddGatewayAuth<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<GatewayAuth>();
        builder.Services.TryAddSingleton<AuthRateLimiter>();
        return builder;
    }

    public static TBuilder AddModelProviders<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IModelProviders, ModelProviders>();
        builder.Services.TryAddSingleton<ModelCooldowns>();
        return builder;
    }

    public static TBuilder AddAgents<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.TryAddSingleton<IAgentCatalog, AgentCatalog>();
        builder.Services.TryAddSingleton<WorkspaceBootstrap>();
        return builder;
    }

    public static TBuilder AddSessions<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<ISessionStores, FileSessionStores>();
        return builder;
    }

    /// <summary>The agent runner and run events; a no-tools <see cref="IToolCatalog"/> unless the tools feature registered one.</summary>
    public static TBuilder AddAgentRuns<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.TryAddSingleton<IToolCatalog, NoToolsCatalog>();
        builder.Services.TryAddSingleton<RunEventBus>();
        builder.Services.TryAddSingleton<IRunEvents>(sp => sp.GetRequiredService<RunEventBus>());
        builder.Services.TryAddSingleton<AgentRunner>();
        builder.Services.TryAddSingleton<IAgentRunner>(sp => sp.GetRequiredService<AgentRunner>());
        return builder;
    }
}
