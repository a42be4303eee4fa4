using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace OpenClaw.ChannelWorkers.Pipeline;

public static class ChannelPipelineExtensions
{
    /// <summary>
    /// The Redis side of a worker: inbound producer, outbound consumer, dead letters, trimming, status and the
    /// connection supervisor. Which channel is served comes from <c>--channel</c>.
    /// </summary>
    public static IHostApplicationBuilder AddChannelPipeline(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ChannelWorkerOptions>()
            .Bind(builder.Configuration.GetSection(ChannelWorkerOptions.SectionName))
            .Configure(options =>
            {
                options.Channel = (builder.Configuration["channel"] ?? options.Channel).Trim().ToLowerInvariant();
                if (string.IsNullOrEmpty(options.StateDir))
                {
                    options.StateDir = Hosting.OpenClawConfigFile.StateDir();
                }

                // Upstream keeps the restart budget under gateway.channelMaxRestartsPerHour.
                if (int.TryParse(builder.Configuration["gateway:channelMaxRestartsPerHour"], out var max) && max > 0)
                {
                    options.MaxRestartsPerHour = max;
                }
            });

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<InboundPublisher>();
        builder.Services.AddSingleton<IInboundSink>(sp => sp.GetRequiredService<InboundPublisher>());
        builder.Services.AddSingleton<DeadLetterWriter>();
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ChannelWorkerOptions>>().Value;
            var factory = sp.GetServices<IChannelAdapterFactory>().FirstOrDefault(f => f.Channel == options.Channel)
                ?? throw new InvalidOperationException(
                    $"unknown channel '{options.Channel}': start the worker with --channel telegram, discord or slack");
            var accounts = ChannelAccount.Resolve(builder.Configuration, options.Channel);
            return new ChannelAdapterRegistry(factory.CreateAdapters(accounts));
        });
        builder.Services.AddHostedService<ConnectionSupervisor>();
        builder.Services.AddHostedService<OutboundConsumer>();
        builder.Services.AddHostedService<StreamTrimmer>();
        return builder;
    }
}
