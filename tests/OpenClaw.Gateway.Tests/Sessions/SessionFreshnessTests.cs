using OpenClaw.Gateway.Config;
using OpenClaw.Gateway.Sessions;

namespace OpenClaw.Gateway.Tests.Sessions;

public class SessionFreshnessTests
{
    private static readonly TimeZoneInfo Utc = TimeZoneInfo.Utc;

    private static SessionEntry UsedAt(string iso) => new() { SessionId = "s", UpdatedAt = DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds() };

    [Theory]
    [InlineData("2026-11-23T03:59:00Z", "2026-11-23T04:01:00Z", true)]   // crossed 04:00
    [InlineData("2026-11-23T04:01:00Z", "2026-11-23T23:00:00Z", false)]  // same daily window
    [InlineData("2026-11-22T23:00:00Z", "2026-11-23T03:00:00Z", false)]  // before today's 04:00
    [InlineData("2026-11-21T12:00:00Z", "2026-11-23T03:00:00Z", true)]   // yesterday's 04:00 passed since
    public void Daily_reset_at_4_am_by_default(string lastUsed, string now, bool stale)
    {
        var policy = SessionFreshness.EffectivePolicy(new SessionConfig(), "agent:main:main", null);

        Assert.Equal(stale, SessionFreshness.IsStale(UsedAt(lastUsed), policy, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), Utc));
    }

    [Fact]
    public void Idle_reset_and_per_type_overrides()
    {
        var config = new SessionConfig
        {
            Reset = new SessionResetConfig { Mode = "idle", IdleMinutes = 30 },
            ResetByType = new() { ["group"] = new SessionResetConfig { Mode = "none" } },
        };
        var now = DateTimeOffset.Parse("2026-11-23T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

        var dm = SessionFreshness.EffectivePolicy(config, "agent:main:main", null);
        Assert.True(SessionFreshness.IsStale(UsedAt("2026-11-23T11:00:00Z"), dm, now, Utc));
        Assert.False(SessionFreshness.IsStale(UsedAt("2026-11-23T11:45:00Z"), dm, now, Utc));
        var group = SessionFreshness.EffectivePolicy(config, "agent:main:telegram:group:1", null);
        Assert.False(SessionFreshness.IsStale(UsedAt("2026-01-01T00:00:00Z"), group, now, Utc));
    }
}
