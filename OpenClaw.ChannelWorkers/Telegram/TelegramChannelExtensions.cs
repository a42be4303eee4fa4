using Microsoft.Extensions.Options;
using OpenClaw.ChannelWorkers.Pipeline;

namespace OpenClaw.ChannelWorkers.Telegram;

public static class TelegramChannelExtensions
{
    public static IHostApplicationBuilder AddTelegramChannel(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IChannelAdapterFactory, TelegramAdapterFactory>();
        return builder;
    }
}

internal sealed class TelegramAdapterFactory(IOptions<ChannelWorkerOptions> options, ILoggerFactory loggerFactory) : IChannelAdapterFactory
{
    public string Channel => "telegram";

    public IReadOnlyList<IChannelAdapter> CreateAdapters(IReadOnlyList<ChannelAccount> accounts) =>
        [.. accounts.Select(account => new TelegramAdapter(account, options.Value.StateDir, loggerFactory))];
}
