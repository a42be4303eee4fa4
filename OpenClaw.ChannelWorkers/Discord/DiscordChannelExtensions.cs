using Microsoft.Extensions.Options;
using OpenClaw.ChannelWorkers.Pipeline;

namespace OpenClaw.ChannelWorkers.Discord;

public static class DiscordChannelExtensions
{
    public static IHostApplicationBuilder AddDiscordChannel(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IChannelAdapterFactory, DiscordAdapterFactory>();
        return builder;
    }
}

internal sealed class DiscordAdapterFactory(IOptions<ChannelWorkerOptions> options, ILoggerFactory loggerFactory) : IChannelAdapterFactory
{
    public string Channel => "discord";

    public IReadOnlyList<IChannelAdapter> CreateAdapters(IReadOnlyList<ChannelAccount> accounts) =>
        [.. accounts.Select(account => new DiscordAdapter(account, options.Value.StateDir, loggerFactory))];
}
