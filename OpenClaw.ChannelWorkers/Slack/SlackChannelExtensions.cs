using OpenClaw.ChannelWorkers.Pipeline;

namespace OpenClaw.ChannelWorkers.Slack;

public static class SlackChannelExtensions
{
    public static IHostApplicationBuilder AddSlackChannel(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IChannelAdapterFactory, SlackAdapterFactory>();
        return builder;
    }
}

internal sealed class SlackAdapterFactory(ILoggerFactory loggerFactory) : IChannelAdapterFactory
{
    public string Channel => "slack";

    public IReadOnlyList<IChannelAdapter> CreateAdapters(IReadOnlyList<ChannelAccount> accounts) =>
        [.. accounts.Select(account => new SlackAdapter(account, loggerFactory))];
}
