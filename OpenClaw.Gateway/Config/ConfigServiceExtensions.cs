using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using OpenClaw.Gateway.Config;

namespace Microsoft.Extensions.Hosting;

public static class ConfigServiceExtensions
{
    /// <summary>
    /// Loads openclaw.json before anything else starts and registers <see cref="IConfigStore"/>,
    /// <see cref="OpenClawPaths"/>, <see cref="GatewayArgs"/> and <see cref="GatewayEnv"/>. Invalid config throws
    /// <see cref="GatewayStartupException"/> (exit 78) listing every error with its key path and line.
    /// </summary>
    public static TBuilder AddGatewayConfig<TBuilder>(this TBuilder builder, GatewayArgs args)
        where TBuilder : IHostApplicationBuilder
    {
        var configuration = builder.Configuration;
        string? Lookup(string name) => configuration[name] is { Length: > 0 } value ? value : Environment.GetEnvironmentVariable(name);
        var basePaths = new OpenClawPaths(Lookup);
        var dotEnv = DotEnvFile.Load(Path.Combine(Environment.CurrentDirectory, ".env"), Path.Combine(basePaths.StateDir, ".env"));
        var env = new GatewayEnv(name => Lookup(name) ?? dotEnv.GetValueOrDefault(name));
        var paths = new OpenClawPaths(env.Get);
        var loaded = ConfigLoader.LoadFile(paths.ConfigPath, env.Get);
        if (!loaded.IsValid)
        {
            throw new GatewayStartupException(
                $"Invalid config at {paths.ConfigPath}:{Environment.NewLine}" +
                string.Join(Environment.NewLine, loaded.Errors.Select(e => "  - " + e)) + Environment.NewLine +
                "Fix the keys above (or run `openclaw doctor --fix`), then start the gateway again.");
        }

        if (!args.AllowUnconfigured && (!loaded.Exists || loaded.Config.Gateway.Mode != "local"))
        {
            var current = loaded.Exists ? loaded.Config.Gateway.Mode ?? "unset" : "no config file";
            throw new GatewayStartupException(
                $"Gateway start blocked: set gateway.mode=local in {paths.ConfigPath} (current: {current}) or pass --allow-unconfigured.",
                exitCode: 1);
        }

        builder.Services.AddSingleton(args);
        builder.Services.AddSingleton(env);
        builder.Services.AddSingleton(paths);
        builder.Services.TryAddSingleton<IConfigStore>(sp => new FileConfigStore(
            loaded, paths.ConfigPath, env.Get, sp.GetService<ILogger<FileConfigStore>>() ?? NullLogger<FileConfigStore>.Instance));
        return builder;
    }
}
