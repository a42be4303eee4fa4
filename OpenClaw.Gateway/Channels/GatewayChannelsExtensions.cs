using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenClaw.Contracts;
using OpenClaw.Gateway.Channels;
using OpenClaw.Gateway.Tools.Messaging;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

public static class GatewayChannelsExtensions
{
    /// <summary>
    /// The gateway side of the channels: the inbound consumer (group <c>gateway</c>), DM policy and pairing,
    /// routing to agents, replies via the outbound streams, pairing and status services for the WS methods.
    /// Needs <c>AddGatewayCore</c> and <c>AddRedisClient("redis")</c>.
    /// </summary>
    public static TBuilder AddGatewayChannels<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddGatewayChannelServices(builder.Configuration);
        return builder;
    }

    /// <summary>The same registrations for hosts assembled by hand (tests); needs an <c>IConnectionMultiplexer</c>.</summary>
    public static IServiceCollection AddGatewayChannelServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GatewayChannelsOptions>().Bind(configuration.GetSection(GatewayChannelsOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PairingStore>();
        services.TryAddSingleton<ChannelPairingService>();
        services.TryAddSingleton<ChannelStatusService>();
        services.TryAddSingleton<ChannelSendService>();
        services.TryAddSingleton<TypingRefresher>();
        // The same publisher as the message tool's (AddGatewayTools registers it first when both are used).
        services.TryAddSingleton<IOutboundMessageSender>(sp => sp.GetService<IConnectionMultiplexer>() is { } redis
            ? new RedisOutboundMessageSender(redis, new StreamNames(sp.GetRequiredService<IOptions<GatewayChannelsOptions>>().Value.RedisPrefix))
            : new UnavailableOutboundMessageSender());
        services.TryAddSingleton<InboundTurnHandler>();
        services.AddHostedService<InboundConsumer>();
        return services;
    }
}
