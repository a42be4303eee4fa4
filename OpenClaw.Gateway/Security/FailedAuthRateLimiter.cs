using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;

namespace OpenClaw.Gateway.Security;

/// <summary>
/// <c>gateway.auth.rateLimit</c>: after <c>maxAttempts</c> failed authentications from one client IP
/// and auth scope inside <c>windowMs</c>, that client is locked out for <c>lockoutMs</c>. Shared by
/// the WebSocket connect and the HTTP bearer checks (scope "shared-secret" by default).
/// </summary>
public sealed class FailedAuthRateLimiter(IOptionsMonitor<GatewaySecurityOptions> options, TimeProvider clock)
{
    public const string SharedSecretScope = "shared-secret";
    private const int MaxTrackedClients = 10_000;

    private readonly ConcurrentDictionary<string, ClientState> _clients = new(StringComparer.Ordinal);

    /// <summary>Milliseconds until the client may try again, or null when it is not locked out.</summary>
    public long? RetryAfterMs(IPAddress? remote, string scope = SharedSecretScope)
    {
        if (IsExempt(remote) || !_clients.TryGetValue(Key(remote, scope), out var state))
        {
            return null;
        }

        lock (state)
        {
            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            return state.LockedUntilMs > now ? state.LockedUntilMs - now : null;
        }
    }

    /// <summary>Records a failure; returns the lockout length when this failure locks the client out.</summary>
    public long? RecordFailure(IPAddress? remote, string scope = SharedSecretScope)
    {
        if (IsExempt(remote))
        {
            return null;
        }

        var limits = options.CurrentValue.Auth.RateLimit;
        if (_clients.Count >= MaxTrackedClients)
        {
            Prune();
        }

        var state = _clients.GetOrAdd(Key(remote, scope), _ => new ClientState());
        lock (state)
        {
            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            state.Failures.Enqueue(now);
            while (state.Failures.Count > 0 && state.Failures.Peek() <= now - limits.WindowMs)
            {
                state.Failures.Dequeue();
            }

            if (state.Failures.Count >= Math.Max(1, limits.MaxAttempts))
            {
                state.LockedUntilMs = now + limits.LockoutMs;
                state.Failures.Clear();
                return limits.LockoutMs;
            }

            return null;
        }
    }

    public void RecordSuccess(IPAddress? remote, string scope = SharedSecretScope) => _clients.TryRemove(Key(remote, scope), out _);

    private bool IsExempt(IPAddress? remote) =>
        options.CurrentValue.Auth.RateLimit.ExemptLoopback && remote is not null && IPAddress.IsLoopback(remote);

    private static string Key(IPAddress? remote, string scope) => $"{scope}|{remote?.ToString() ?? "unknown"}";

    private void Prune()
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var window = options.CurrentValue.Auth.RateLimit.WindowMs;
        foreach (var (key, state) in _clients)
        {
            lock (state)
            {
                if (state.LockedUntilMs <= now && (state.Failures.Count == 0 || state.Failures.Peek() <= now - window))
                {
                    _clients.TryRemove(key, out _);
                }
            }
        }
    }

    private sealed class ClientState
    {
        public Queue<long> Failures { get; } = new();

        public long LockedUntilMs { get; set; }
    }
}
