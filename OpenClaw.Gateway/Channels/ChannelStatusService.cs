using System.Globalization;
using Microsoft.Extensions.Options;
using OpenClaw.Contracts;
using OpenClaw.Gateway.Config;
using StackExchange.Redis;
using Fields = OpenClaw.Contracts.Channels.ChannelStatus.Fields;

namespace OpenClaw.Gateway.Channels;

/// <summary>
/// The data of <c>channels.status</c>: every configured channel and account, merged with what its worker
/// publishes in <c>channel-status:&lt;channel&gt;:&lt;account&gt;</c> (connected, mode, bot, last event, last error,
/// restarts), plus the dead-letter count and the gateway's inbound backlog.
/// </summary>
public sealed class ChannelStatusService(IConnectionMultiplexer redis, IConfigStore config, IOptions<GatewayChannelsOptions> options)
{
    private readonly StreamNames _names = new(options.Value.RedisPrefix);

    public async Task<ChannelsStatusResult> GetAsync(CancellationToken cancellationToken = default)
    {
        var db = redis.GetDatabase();
        var channels = new SortedDictionary<string, ChannelStatusView>(StringComparer.Ordinal);
        foreach (var (name, section) in config.Current.Config.Channels)
        {
            if (name is "defaults" or "modelByChannel")
            {
                continue;
            }

            var accountIds = section.Accounts is { Count: > 0 } accounts ? accounts.Keys.ToList() : ["default"];
            var views = new SortedDictionary<string, AccountStatusView>(StringComparer.Ordinal);
            foreach (var accountId in accountIds)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var hash = await db.HashGetAllAsync(_names.ChannelStatus(name, accountId)).ConfigureAwait(false);
                views[accountId] = ToView(accountId, section.Enabled != false, hash);
            }

            var first = views.Values.First();
            channels[name] = new ChannelStatusView(first.AccountId, first.Configured, first.Running, first.Connected, views);
        }

        var deadLetters = await db.StreamLengthAsync(_names.DeadLetter).ConfigureAwait(false);
        long backlog = 0;
        try
        {
            var pending = await db.StreamPendingAsync(_names.Inbound, StreamNames.GatewayGroup).ConfigureAwait(false);
            backlog = pending.PendingMessageCount;
        }
        catch (RedisServerException)
        {
            // No group yet: nothing pending.
        }

        return new ChannelsStatusResult(channels, [.. channels.Keys], deadLetters, backlog);
    }

    private static AccountStatusView ToView(string accountId, bool configured, HashEntry[] hash)
    {
        var values = hash.ToDictionary(h => h.Name.ToString(), h => h.Value.ToString(), StringComparer.Ordinal);
        return new AccountStatusView(
            AccountId: accountId,
            Configured: configured,
            Running: values.Count > 0,
            Connected: values.GetValueOrDefault(Fields.Connected) == "true",
            Mode: values.GetValueOrDefault(Fields.Mode),
            Bot: values.GetValueOrDefault(Fields.BotUsername),
            LastEventAt: Time(values.GetValueOrDefault(Fields.LastEventAt)),
            LastError: values.GetValueOrDefault(Fields.LastError),
            LastErrorAt: Time(values.GetValueOrDefault(Fields.LastErrorAt)),
            Restarts: int.TryParse(values.GetValueOrDefault(Fields.Restarts), CultureInfo.InvariantCulture, out var r) ? r : 0,
            RestartLimitReached: values.GetValueOrDefault(Fields.RestartLimitReached) == "true");
    }

    private static DateTimeOffset? Time(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time) ? time : null;
}

public sealed record ChannelsStatusResult(
    IReadOnlyDictionary<string, ChannelStatusView> Channels,
    IReadOnlyList<string> ChannelOrder,
    long DeadLetters,
    long InboundPending);

public sealed record ChannelStatusView(
    string AccountId,
    bool Configured,
    bool Running,
    bool Connected,
    IReadOnlyDictionary<string, AccountStatusView> Accounts);

public sealed record AccountStatusView(
    string AccountId,
    bool Configured,
    bool Running,
    bool Connected,
    string? Mode,
    string? Bot,
    DateTimeOffset? LastEventAt,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    int Restarts,
    bool RestartLimitReached);
