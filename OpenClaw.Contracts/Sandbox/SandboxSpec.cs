namespace OpenClaw.Contracts.Sandbox;

/// <summary>
/// A concrete sandbox the gateway asks a SandboxManager for: everything needed to create the container,
/// already resolved from <c>agents.defaults.sandbox</c> and <c>agents.list[].sandbox</c>. Managers know
/// containers, not agents; they apply a spec as given.
/// </summary>
public sealed record SandboxSpec
{
    /// <summary><c>shared</c>, the session key (scope session) or <c>agent:&lt;agentId&gt;</c> (scope agent).</summary>
    public required string ScopeKey { get; init; }

    /// <summary><c>session</c>, <c>agent</c> or <c>shared</c>; used for the recreate hint.</summary>
    public string Scope { get; init; } = "agent";

    /// <summary><c>&lt;containerPrefix&gt;&lt;slug&gt;</c>, at most 63 characters.</summary>
    public required string ContainerName { get; init; }

    public string Image { get; init; } = SandboxDefaults.Image;

    /// <summary>Working directory inside the container (<c>docker.workdir</c>).</summary>
    public string Workdir { get; init; } = SandboxDefaults.Workdir;

    /// <summary><c>none</c>, <c>ro</c> or <c>rw</c>.</summary>
    public string WorkspaceAccess { get; init; } = "none";

    /// <summary>Host directory mounted at <see cref="Workdir"/> (sandbox workspace, or the agent workspace for rw).</summary>
    public required string WorkspaceDir { get; init; }

    /// <summary>The agent's workspace on the host (mounted read-only at /agent when access is ro).</summary>
    public string? AgentWorkspaceDir { get; init; }

    /// <summary>Every bind mount, workspace mounts first, then validated <c>docker.binds</c>.</summary>
    public IReadOnlyList<SandboxMount> Mounts { get; init; } = [];

    public bool ReadOnlyRoot { get; init; } = true;

    public IReadOnlyList<string> Tmpfs { get; init; } = SandboxDefaults.Tmpfs;

    public string Network { get; init; } = "none";

    public string? User { get; init; }

    public IReadOnlyList<string> CapDrop { get; init; } = ["ALL"];

    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string> { ["LANG"] = "C.UTF-8" };

    /// <summary>Run once with <c>/bin/sh -lc</c> right after the container is created and started.</summary>
    public string? SetupCommand { get; init; }

    public long? PidsLimit { get; init; }

    /// <summary>Bytes, already parsed from strings like <c>512m</c>.</summary>
    public long? Memory { get; init; }

    /// <summary>Bytes; -1 means unlimited swap.</summary>
    public long? MemorySwap { get; init; }

    public double? Cpus { get; init; }

    public IReadOnlyList<SandboxUlimit> Ulimits { get; init; } = [];

    public string? SeccompProfile { get; init; }

    public string? ApparmorProfile { get; init; }

    public IReadOnlyList<string> Dns { get; init; } = [];

    /// <summary><c>host:ip</c> entries (<c>--add-host</c>).</summary>
    public IReadOnlyList<string> ExtraHosts { get; init; } = [];

    /// <summary>SHA-256 hex of the canonical resolved config; stored in the <c>openclaw.configHash</c> label.</summary>
    public required string ConfigHash { get; init; }

    /// <summary>The prune rule for this container (not part of the config hash); managers prune by it.</summary>
    public SandboxPrune Prune { get; init; } = new(SandboxDefaults.DefaultIdleHours, SandboxDefaults.DefaultMaxAgeDays);
}

/// <summary><c>sandbox.prune</c>: 0 disables each rule.</summary>
public sealed record SandboxPrune(int IdleHours, int MaxAgeDays);

public sealed record SandboxMount(string HostPath, string ContainerPath, bool ReadOnly);

public sealed record SandboxUlimit(string Name, long Soft, long Hard);

/// <summary>Upstream's defaults and names (spec §6.2, §6.3).</summary>
public static class SandboxDefaults
{
    public const string Image = "openclaw-sandbox:bookworm-slim";
    public const string ContainerPrefix = "openclaw-sbx-";
    public const string Workdir = "/workspace";
    public const string AgentMountPath = "/agent";
    public const string SetupScript = "scripts/sandbox-setup.sh";
    public static readonly IReadOnlyList<string> Tmpfs = ["/tmp", "/var/tmp", "/run"];

    /// <summary>A container used within this window is kept when its config hash changes.</summary>
    public static readonly TimeSpan HotWindow = TimeSpan.FromMinutes(5);

    public const int DefaultIdleHours = 24;
    public const int DefaultMaxAgeDays = 7;

    public const string LabelSandbox = "openclaw.sandbox";
    public const string LabelSessionKey = "openclaw.sessionKey";
    public const string LabelCreatedAtMs = "openclaw.createdAtMs";
    public const string LabelConfigHash = "openclaw.configHash";
    public const string LabelScope = "openclaw.scope";
}
