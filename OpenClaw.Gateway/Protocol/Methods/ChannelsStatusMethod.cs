using System.Text.Json.Nodes;
using OpenClaw.Gateway.Channels;
using OpenClaw.Gateway.Config;
using StackExchange.Redis;

namespace OpenClaw.Gateway.Protocol.Methods;

/// <summary>
/// <c>channels.status</c> in upstream's payload shape (<c>channelOrder</c>, <c>channelLabels</c>, <c>channels</c>,
/// <c>channelAccounts</c>, <c>channelDefaultAccountId</c>, <c>statusIssues</c>) with the live per-account state the
/// workers publish to Redis (connected, mode, bot, last event, last error, restarts), plus the dead-letter count
/// and the inbound backlog. When Redis cannot be read the answer is built from the config alone
/// (<c>source: "config"</c>) rather than failing.
/// </summary>
public static class ChannelsStatusMethod
{
    private static readonly TimeSpan RedisPatience = TimeSpan.FromSeconds(3);

    public static async Task<object?> HandleAsync(MethodContext context)
    {
        var config = context.Get<IConfigStore>().Current.Config;
        ChannelsStatusResult? live = null;
        string? unavailable = "channels run without Redis on this gateway";
        if (context.Services.GetService<ChannelStatusService>() is { } service && context.Services.GetService<IConnectionMultiplexer>() is not null)
        {
            try
            {
                live = await service.GetAsync(context.CancellationToken).WaitAsync(RedisPatience, context.CancellationToken);
                unavailable = null;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                unavailable = $"Redis is not reachable ({ex.GetType().Name}); showing configured channels only";
            }
        }

        var order = new JsonArray();
        var labels = new JsonObject();
        var channels = new JsonObject();
        var accounts = new JsonObject();
        var defaults = new JsonObject();
        var issues = new JsonArray();
        foreach (var (id, section) in config.Channels.Where(c => c.Key is not ("defaults" or "modelByChannel")).OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var enabled = section.Enabled != false;
            var accountIds = section.Accounts is { Count: > 0 } configured ? [.. configured.Keys.Order(StringComparer.Ordinal)] : new List<string> { "default" };
            var defaultAccount = section.DefaultAccount is { Length: > 0 } d ? d : accountIds.Contains("default") ? "default" : accountIds[0];
            var list = new JsonArray();
            JsonObject? summary = null;
            foreach (var accountId in accountIds)
            {
                var accountEnabled = enabled && section.Accounts?.GetValueOrDefault(accountId)?.Enabled != false;
                var view = live?.Channels.GetValueOrDefault(id)?.Accounts.GetValueOrDefault(accountId);
                var account = Account(accountId, accountEnabled, view, live is not null);
                list.Add(account);
                if (accountId == defaultAccount)
                {
                    summary = (JsonObject)account.DeepClone();
                }

                if (accountEnabled && live is not null && Issue(id, accountId, view) is { } issue)
                {
                    issues.Add(issue);
                }
            }

            order.Add(id);
            labels[id] = char.ToUpperInvariant(id[0]) + id[1..];
            channels[id] = summary;
            accounts[id] = list;
            defaults[id] = defaultAccount;
        }

        var payload = new JsonObject
        {
            ["ts"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            ["channelOrder"] = order,
            ["channelLabels"] = labels,
            ["channels"] = channels,
            ["channelAccounts"] = accounts,
            ["channelDefaultAccountId"] = defaults,
            ["statusIssues"] = issues,
            ["source"] = live is null ? "config" : "live",
        };
        if (live is not null)
        {
            payload["deadLetterCount"] = live.DeadLetters;
            payload["inboundPending"] = live.InboundPending;
        }
        else
        {
            payload["liveStatusError"] = unavailable;
        }

        return payload;
    }

    private static JsonObject Account(string accountId, bool enabled, AccountStatusView? view, bool live)
    {
        var account = new JsonObject
        {
            ["accountId"] = accountId,
            ["enabled"] = enabled,
            ["configured"] = true,
            ["running"] = view?.Running ?? false,
            ["connected"] = view?.Connected ?? false,
        };
        if (!live || view is null)
        {
            return account;
        }

        account["mode"] = view.Mode;
        account["lastEventAt"] = Millis(view.LastEventAt);
        account["lastInboundAt"] = Millis(view.LastEventAt);
        account["lastError"] = view.LastError;
        account["lastErrorAt"] = Millis(view.LastErrorAt);
        account["reconnectAttempts"] = view.Restarts;
        account["restartLimitReached"] = view.RestartLimitReached;
        if (view.Bot is { Length: > 0 } bot)
        {
            account["bot"] = new JsonObject { ["username"] = bot };
        }

        return account;
    }

    /// <summary>What an operator should look at, as upstream's <c>statusIssues</c> entries.</summary>
    private static JsonObject? Issue(string channel, string accountId, AccountStatusView? view)
    {
        var (kind, message) = view switch
        {
            null or { Running: false } => ("not-running", $"no {channel} worker is reporting for account {accountId} (start it with --channel {channel})"),
            { RestartLimitReached: true } => ("restart-limit", $"restart limit reached (channelMaxRestartsPerHour); last error: {view.LastError}"),
            { Connected: false } => ("disconnected", view.LastError is { Length: > 0 } error ? $"disconnected: {error}" : "disconnected"),
            _ => (null, null),
        };
        return kind is null ? null : new JsonObject { ["channel"] = channel, ["accountId"] = accountId, ["kind"] = kind, ["message"] = message };
    }

    private static long? Millis(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();
}
