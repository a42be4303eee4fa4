using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The behaviour of Aspire.StackExchange.Redis, written for the packages served here: settings from
/// <c>Aspire:StackExchange:Redis[:name]</c> overridden by <c>ConnectionStrings:name</c>, a multiplexer
/// that keeps retrying instead of aborting when Redis is not up yet, a Redis health check and tracing.
/// </summary>
public static class RedisClientExtensions
{
    private const string SettingsSection = "Aspire:StackExchange:Redis";

    public static TBuilder AddRedisClient<TBuilder>(
        this TBuilder builder,
        string connectionName,
        Action<RedisClientSettings>? configureSettings = null,
        Action<ConfigurationOptions>? configureOptions = null)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);

        var settings = new RedisClientSettings();
        builder.Configuration.GetSection(SettingsSection).Bind(settings);
        builder.Configuration.GetSection($"{SettingsSection}:{connectionName}").Bind(settings);
        if (builder.Configuration.GetConnectionString(connectionName) is { Length: > 0 } connectionString)
        {
            settings.ConnectionString = connectionString;
        }

        configureSettings?.Invoke(settings);
        builder.Services.AddSingleton(settings);

        builder.Services.AddSingleton<IConnectionMultiplexer>(services =>
        {
            var options = CreateOptions(settings, connectionName, builder.Configuration);
            configureOptions?.Invoke(options);
            options.LoggerFactory = services.GetService<ILoggerFactory>();
            return ConnectionMultiplexer.Connect(options);
        });

        if (!settings.DisableHealthChecks && builder.Properties.TryAdd($"Aspire.HealthChecks.{connectionName}", true))
        {
            // The check resolves the multiplexer lazily, so an unreachable Redis reports Unhealthy
            // instead of failing start-up.
            builder.Services.AddHealthChecks().AddRedis(
                services => services.GetRequiredService<IConnectionMultiplexer>(),
                name: "StackExchange.Redis",
                timeout: TimeSpan.FromSeconds(3));
        }

        if (!settings.DisableTracing)
        {
            builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(RedisInstrumentation.ActivitySourceName));
        }

        if (!settings.DisableAutoActivation)
        {
            builder.Services.AddHostedService<RedisAutoActivation>();
        }

        return builder;
    }

    internal static ConfigurationOptions CreateOptions(RedisClientSettings settings, string connectionName, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            throw new InvalidOperationException(
                $"No endpoints specified for Redis client '{connectionName}': set ConnectionStrings:{connectionName} " +
                $"(environment variable ConnectionStrings__{connectionName}), for example 'localhost:6379'.");
        }

        var options = ConfigurationOptions.Parse(settings.ConnectionString);
        configuration.GetSection($"{SettingsSection}:ConfigurationOptions").Bind(options);
        configuration.GetSection($"{SettingsSection}:{connectionName}:ConfigurationOptions").Bind(options);
        options.AbortOnConnectFail = false;
        if (options.EndPoints.Count == 0)
        {
            throw new InvalidOperationException(
                $"No endpoints specified for Redis client '{connectionName}' in ConnectionStrings:{connectionName}.");
        }

        return options;
    }

    private sealed class RedisAutoActivation(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = services.GetRequiredService<IConnectionMultiplexer>();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>Settings of <see cref="RedisClientExtensions.AddRedisClient{TBuilder}"/>, as Aspire's.</summary>
public sealed class RedisClientSettings
{
    public string? ConnectionString { get; set; }
    public bool DisableHealthChecks { get; set; }
    public bool DisableTracing { get; set; }
    public bool DisableAutoActivation { get; set; } = true;
}
