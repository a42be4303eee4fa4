using System.Globalization;
using Microsoft.Extensions.Options;
using OpenClaw.Contracts;
using OpenClaw.Contracts.Channels;
using StackExchange.Redis;
using Fields = OpenClaw.Contracts.Channels.ChannelStatus.Fields;

namespace OpenClaw.ChannelWorkers.Pipeline;

/// <summary>
/// Keeps the hash <c>channel-status:&lt;channel&gt;:&lt;account&gt;</c> current for one account: written on
/// every change and refreshed (with its TTL) periodically, so a dead worker's status expires.
/// </summary>
internal sealed class ChannelStatusReporter(
    string channel,
    string accountId,
    IConnectionMultiplexer redis,
    ChannelWorkerOptions options,
    TimeProvider clock,
    ILogger logger)
{
    private readonly Lock _gate = new();
    private readonly RedisKey _key = new StreamNames(options.RedisPrefix).ChannelStatus(channel, accountId);
    private ChannelStatus _status = new() { Channel = channel, AccountId = accountId };
    private DateTimeOffset _lastEventWrite;

    public ChannelStatus Current
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    public Task ConnectedAsync(string mode, string? botId, string? botUsername) =>
        UpdateAsync(s => s with { Connected = true, Mode = mode, BotId = botId ?? s.BotId, BotUsername = botUsername ?? s.BotUsername });

    public Task DisconnectedAsync(string error) =>
        UpdateAsync(s => s with { Connected = false, LastError = error, LastErrorAt = clock.GetUtcNow() });

    public Task ErrorAsync(string error) =>
        UpdateAsync(s => s with { LastError = error, LastErrorAt = clock.GetUtcNow() });

    public Task RestartsAsync(int restartsInLastHour, bool limitReached) =>
        UpdateAsync(s => s with { Restarts = restartsInLastHour, RestartLimitReached = limitReached });

    /// <summary>Records platform activity; written at most once a second so busy chats do not hammer Redis.</summary>
    public Task EventAsync()
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            _status = _status with { LastEventAt = now };
            if (now - _lastEventWrite < TimeSpan.FromSeconds(1))
            {
                return Task.CompletedTask;
            }

            _lastEventWrite = now;
        }

        return WriteAsync();
    }

    public async Task WriteAsync()
    {
        var status = Current with { UpdatedAt = clock.GetUtcNow() };
        try
        {
            var transaction = redis.GetDatabase().CreateTransaction();
            _ = transaction.KeyDeleteAsync(_key);
            _ = transaction.HashSetAsync(_key, ToHash(status));
            _ = transaction.KeyExpireAsync(_key, options.StatusTtl);
            await transaction.ExecuteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Status is advisory; the next refresh writes it again.
            logger.LogDebug("Could not write channel status {Key}: {Error}", _key, ex.Message);
        }
    }

    private Task UpdateAsync(Func<ChannelStatus, ChannelStatus> change)
    {
        lock (_gate)
        {
            _status = change(_status);
        }

        return WriteAsync();
    }

    internal static HashEntry[] ToHash(ChannelStatus status)
    {
        var entries = new List<HashEntry>
        {
            new(Fields.Connected, status.Connected ? "true" : "false"),
            new(Fields.Restarts, status.Restarts),
            new(Fields.RestartLimitReached, status.RestartLimitReached ? "true" : "false"),
            new(Fields.UpdatedAt, Format(status.UpdatedAt)),
        };
        Add(Fields.Mode, status.Mode);
        Add(Fields.BotId, status.BotId);
        Add(Fields.BotUsername, status.BotUsername);
        Add(Fields.LastEventAt, status.LastEventAt is { } e ? Format(e) : null);
        Add(Fields.LastError, status.LastError);
        Add(Fields.LastErrorAt, status.LastErrorAt is { } t ? Format(t) : null);
        return [.. entries];

        void Add(string name, string? value)
        {
            if (value is not null)
            {
                entries.Add(new HashEntry(name, value));
            }
        }
    }

    private static string Format(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);
}
