using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

public static class GatewayRedisExtensions
{
    /// <summary>
    /// Redis carries the channel and sandbox streams. Unlike the other services the gateway also runs alone
    /// (upstream's single-process shape: WebSocket, HTTP API, host tools), so without
    /// <c>ConnectionStrings__redis</c> no client is registered and the Redis features stay off instead of failing.
    /// </summary>
    public static TBuilder AddGatewayRedis<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        if (!builder.Services.HasRedisClient() && !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("redis")))
        {
            builder.AddRedisClient("redis");
        }

        return builder;
    }

    /// <summary>
    /// The one rule for "is Redis on" that every gateway feature uses: an <see cref="IConnectionMultiplexer"/> is
    /// registered — by <see cref="AddGatewayRedis{TBuilder}"/> when the connection string is set, or by a host
    /// assembled by hand (tests). At run time the same rule reads <c>GetService&lt;IConnectionMultiplexer&gt;()</c>.
    /// </summary>
    public static bool HasRedisClient(this IServiceCollection services) =>
        services.Any(d => d.ServiceType == typeof(IConnectionMultiplexer));
}
