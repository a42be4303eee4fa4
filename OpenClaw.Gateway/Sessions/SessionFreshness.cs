using OpenClaw.Gateway.Config;

namespace OpenClaw.Gateway.Sessions;

/// <summary>
/// Daily / idle reset policy (spec §4.6), evaluated when the next message arrives: the session is stale when
/// the last daily reset boundary (<c>atHour</c>, gateway-local time) or the idle timeout passed since it was last used.
/// </summary>
public static class SessionFreshness
{
    public static SessionResetConfig EffectivePolicy(SessionConfig session, string sessionKey, string? channel)
    {
        if (channel is not null && session.ResetByChannel?.TryGetValue(channel, out var byChannel) == true)
        {
            return byChannel;
        }

        var type = sessionKey.Contains(":thread:", StringComparison.Ordinal) ? "thread" : SessionKeys.ChatTypeOf(sessionKey) == "direct" ? "direct" : "group";
        if (session.ResetByType is { } byType && (byType.TryGetValue(type, out var policy) || (type == "direct" && byType.TryGetValue("dm", out policy))))
        {
            return policy;
        }

        return session.Reset ?? new SessionResetConfig();
    }

    public static bool IsStale(SessionEntry entry, SessionResetConfig policy, DateTimeOffset now, TimeZoneInfo zone)
    {
        if (entry.UpdatedAt <= 0 || policy.Mode == "none")
        {
            return false;
        }

        var updated = DateTimeOffset.FromUnixTimeMilliseconds(entry.UpdatedAt);
        if (policy.IdleMinutes is > 0 && now - updated > TimeSpan.FromMinutes(policy.IdleMinutes.Value))
        {
            return true;
        }

        if (policy.Mode != "daily")
        {
            return false;
        }

        var local = TimeZoneInfo.ConvertTime(now, zone);
        var boundary = new DateTimeOffset(local.Year, local.Month, local.Day, Math.Clamp(policy.AtHour, 0, 23), 0, 0, local.Offset);
        if (boundary > local)
        {
            boundary = boundary.AddDays(-1);
        }

        return updated < boundary;
    }
}
