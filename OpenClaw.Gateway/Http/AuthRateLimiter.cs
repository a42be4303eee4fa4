using System.Collections.Concurrent;
using System.Net;
using OpenClaw.Gateway.Config;

namespace OpenClaw.Gateway.Http;

/// <summary>
/// Failed-authentication limiter shared by HTTP and the WebSocket handshake (spec §1.3): after
/// <c>maxAttempts</c> (10) failures within <c>windowMs</c> (60 s) from one client IP and scope, that client is
/// locked out for <c>lockoutMs</c> (300 s). Loopback is exempt unless <c>exemptLoopback:false</c>.
/// </summary>
public sealed class AuthRateLimiter(IConfigStore config, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Null when the client may try; otherwise how long until it may try again.</summary>
    public TimeSpan? RetryAfter(IPAddress? client, string scope = "shared-secret")
    {
        if (IsExempt(client) || !_entries.TryGetValue(Key(client, scope), out var entry))
        {
            return null;
        }

        var now = time.GetUtcNow();
        return entry.LockedUntil > now ? entry.LockedUntil - now : null;
    }

    /// <summary>Records a failed attempt; returns the lockout length when this failure triggered (or extends) one.</summary>
    public TimeSpan? RecordFailure(IPAddress? client, string scope = "shared-secret")
    {
        if (IsExempt(client))
        {
            return null;
        }

        var limits = config.Current.Config.Gateway.Auth.RateLimit;
        var now = time.GetUtcNow();
        var window = TimeSpan.FromMilliseconds(limits.WindowMs);
        var updated = _entries.AddOrUpdate(
            Key(client, scope),
            _ => new Entry([now], DateTimeOffset.MinValue),
            (_, e) =>
            {
                var recent = e.Failures.Where(f => now - f < window).Append(now).ToArray();
                return e with { Failures = recent };
            });
        if (updated.Failures.Length >= limits.MaxAttempts)
        {
            var locked = updated with { Failures = [], LockedUntil = now + TimeSpan.FromMilliseconds(limits.LockoutMs) };
            _entries[Key(client, scope)] = locked;
            return locked.LockedUntil - now;
        }

        return null;
    }

    /// <summary>A successful authentication clears the client's failure history.</summary>
    public void RecordSuccess(IPAddress? client, string scope = "shared-secret") => _entries.TryRemove(Key(client, scope), out _);

    private bool IsExempt(IPAddress? client) =>
        config.Current.Config.Gateway.Auth.RateLimit.ExemptLoopback && client is not null && IPAddress.IsLoopback(client);

    private static string Key(IPAddress? client, string scope) =>
        $"{scope}|{(client is { IsIPv4MappedToIPv6: true } ? client.MapToIPv4() : client)?.ToString() ?? "unknown"}";

    private sealed record Entry(DateTimeOffset[] Failures, DateTimeOffset LockedUntil);
}
