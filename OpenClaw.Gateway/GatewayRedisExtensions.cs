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
        if (IsRedisConfigured(builder))
        {
            builder.AddRedisClient("redis");
        }

        return builder;
    }

    public static bool IsRedisConfigured(this IHostApplicationBuilder builder) =>
        !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("redis"));
}
