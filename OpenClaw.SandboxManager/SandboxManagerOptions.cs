using OpenClaw.Contracts;

namespace OpenClaw.SandboxManager;

/// <summary>Bound from <c>OpenClaw:SandboxManager</c>.</summary>
public sealed class SandboxManagerOptions
{
    public const string Section = "OpenClaw:SandboxManager";

    /// <summary>Consumer name in the <c>sandbox-manager</c> group; defaults to host name, process id and a random suffix.</summary>
    public string? InstanceId { get; set; }

    public string Prefix { get; set; } = StreamNames.DefaultPrefix;

    /// <summary>Docker endpoint; defaults to <c>DOCKER_HOST</c>, else the local socket.</summary>
    public string? DockerEndpoint { get; set; }

    /// <summary>Where <c>sandbox/containers.json</c> is mirrored; defaults to <c>OPENCLAW_STATE_DIR</c>, else <c>~/.openclaw</c>.</summary>
    public string? StateDir { get; set; }

    /// <summary>Requests pending this long on a silent manager are taken over by another (XAUTOCLAIM).</summary>
    public TimeSpan ClaimIdleTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a manager refreshes its in-flight requests (so long execs are not stolen) and looks for orphans.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A request delivered more often than this (its managers kept dying) fails with manager_failed.</summary>
    public int MaxDeliveries { get; set; } = 3;

    /// <summary>Fallback poll of the request stream when a pub/sub wake-up is missed.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many requests one manager runs at once.</summary>
    public int MaxConcurrency { get; set; } = 16;

    /// <summary>Replies and request outcomes are kept this long (reply stream expiry, idempotency records).</summary>
    public TimeSpan ReplyRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the prune loop runs (upstream: at most every 5 minutes). Zero disables the loop.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(5);

    public string ResolveStateDir()
    {
        if (StateDir is { Length: > 0 } configured)
        {
            return configured;
        }

        if (Environment.GetEnvironmentVariable("OPENCLAW_STATE_DIR") is { Length: > 0 } env)
        {
            return env;
        }

        var home = Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".openclaw");
    }
}
