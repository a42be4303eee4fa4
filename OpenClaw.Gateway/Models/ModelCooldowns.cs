using System.Collections.Concurrent;

namespace OpenClaw.Gateway.Models;

/// <summary>Why a model call may fail over to the next model (spec §12.5).</summary>
public enum FailoverReason
{
    RateLimit,
    Overloaded,
    Timeout,
    Auth,
    Billing,
    ServerError,
}

/// <summary>
/// Per provider/model cooldowns after failover-worthy errors: 1 min → 5 min → 25 min → 1 h cap; the ladder
/// restarts after 24 h without a failure. A model in cooldown is skipped while another candidate is available.
/// </summary>
public sealed class ModelCooldowns(TimeProvider time)
{
    private static readonly TimeSpan[] Ladder = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(25), TimeSpan.FromHours(1)];
    private static readonly TimeSpan FailureWindow = TimeSpan.FromHours(24);

    private readonly ConcurrentDictionary<string, State> _states = new(StringComparer.Ordinal);

    public DateTimeOffset? CooldownUntil(ModelRef model) =>
        _states.TryGetValue(model.ToString(), out var s) && s.Until > time.GetUtcNow() ? s.Until : null;

    public TimeSpan RecordFailure(ModelRef model, FailoverReason reason)
    {
        var now = time.GetUtcNow();
        var state = _states.AddOrUpdate(
            model.ToString(),
            _ => new State(1, now, now + Ladder[0]),
            (_, s) =>
            {
                var count = now - s.LastFailure > FailureWindow ? 1 : s.Count + 1;
                return new State(count, now, now + Ladder[Math.Min(count, Ladder.Length) - 1]);
            });
        return state.Until - now;
    }

    public void RecordSuccess(ModelRef model)
    {
        if (_states.TryGetValue(model.ToString(), out var s) && s.Until <= time.GetUtcNow())
        {
            _states.TryUpdate(model.ToString(), s with { Until = DateTimeOffset.MinValue }, s);
        }
    }

    private sealed record State(int Count, DateTimeOffset LastFailure, DateTimeOffset Until);
}
