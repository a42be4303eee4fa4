using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenClaw.Gateway.Config;
using OpenClaw.Gateway.Sandbox;

namespace Microsoft.Extensions.Hosting;

public static class SandboxServiceCollectionExtensions
{
    /// <summary>
    /// The gateway side of sandboxing: <see cref="SandboxResolver"/> (config → spec per session) and
    /// <see cref="ISandboxClient"/> (requests to the SandboxManager over Redis). Needs <c>AddRedisClient("redis")</c>.
    /// </summary>
    public static TBuilder AddGatewaySandbox<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<SandboxClientOptions>().BindConfiguration(SandboxClientOptions.Section);
        builder.Services.TryAddSingleton(TimeProvider.System);
        // The gateway's openclaw.json (IConfigStore) when the config feature is registered, else the host configuration.
        builder.Services.TryAddSingleton(services => services.GetService<IConfigStore>() is { } store
            ? new SandboxConfigReader(new ConfigStoreSandboxConfiguration(store, services.GetRequiredService<OpenClawPaths>()).Current)
            : new SandboxConfigReader(builder.Configuration));
        builder.Services.TryAddSingleton<SandboxResolver>();
        if (!builder.Services.HasRedisClient())
        {
            // No Redis, no SandboxManager: sandboxed sessions are refused with a clear error by the tools.
            return builder;
        }

        builder.Services.TryAddSingleton<SandboxClient>();
        builder.Services.TryAddSingleton<SandboxCommands>();
        builder.Services.TryAddSingleton<ISandboxClient>(services => services.GetRequiredService<SandboxClient>());
        return builder;
    }
}
