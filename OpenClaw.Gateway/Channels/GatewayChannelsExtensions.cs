using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenClaw.Gateway.Channels;

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
        builder.Services.AddOptions<GatewayChannelsOptions>().Bind(builder.Configuration.GetSection(GatewayChannelsOptions.SectionName));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<PairingStore>();
        builder.Services.TryAddSingleton<ChannelPairingService>();
        builder.Services.TryAddSingleton<ChannelStatusService>();
        builder.Services.TryAddSingleton<InboundTurnHandler>();
        builder.Services.AddHostedService<InboundConsumer>();
        return builder;
    }
}
