using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenClaw.Contracts;
using OpenClaw.Gateway.Cron;
using OpenClaw.Gateway.Protocol;
using OpenClaw.Gateway.Tools;
using OpenClaw.Gateway.Tools.Automation;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

public static class GatewayCronExtensions
{
    /// <summary>
    /// The cron scheduler (spec §10.1), its <c>cron</c> tool and the run lock (Redis when configured, so several replicas
    /// fire a job once). Needs <c>AddGatewayCore</c>.
    /// </summary>
    public static TBuilder AddGatewayCron<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddGatewayCronServices();
        return builder;
    }

    public static IServiceCollection AddGatewayCronServices(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient();
        services.TryAddSingleton<CronSettings>();
        services.TryAddSingleton(sp => new CronStore(sp.GetRequiredService<CronSettings>().StorePath, sp.GetRequiredService<ILoggerFactory>().CreateLogger<CronStore>()));
        services.TryAddSingleton(sp => new CronRunLog(sp.GetRequiredService<CronSettings>().RunLogDirectory));
        services.TryAddSingleton<ICronRunLock>(sp => sp.GetService<IConnectionMultiplexer>() is { } redis
            ? new RedisCronRunLock(redis, sp.GetService<StreamNames>() ?? new StreamNames(), $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}",
                sp.GetRequiredService<ILogger<RedisCronRunLock>>())
            : new LocalCronRunLock());
        services.TryAddSingleton<CronEvents>();
        services.TryAddSingleton<ChannelAnnouncer>();
        services.TryAddSingleton<CronJobRunner>();
        services.TryAddSingleton<CronExecution>();
        services.TryAddSingleton<CronService>();
        services.AddHostedService<CronScheduler>();
        services.AddSingleton<IAgentTool, CronTool>();
        return services;
    }
}
