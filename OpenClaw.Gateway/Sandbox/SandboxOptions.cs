namespace OpenClaw.Gateway.Sandbox;

/// <summary>
/// <c>agents.defaults.sandbox</c> and <c>agents.list[].sandbox</c> as written in the config file. Every field is
/// nullable so a per-agent block overrides field by field; <see cref="SandboxResolver"/> applies upstream defaults.
/// </summary>
public sealed class SandboxOptions
{
    /// <summary><c>off</c> (default), <c>non-main</c> or <c>all</c>.</summary>
    public string? Mode { get; set; }

    public string? Backend { get; set; }

    /// <summary><c>agent</c> (default), <c>session</c> or <c>shared</c>.</summary>
    public string? Scope { get; set; }

    /// <summary>Legacy: true → scope session, false → scope shared.</summary>
    public bool? PerSession { get; set; }

    /// <summary><c>none</c> (default), <c>ro</c> or <c>rw</c>.</summary>
    public string? WorkspaceAccess { get; set; }

    public string? WorkspaceRoot { get; set; }

    public SandboxDockerOptions? Docker { get; set; }

    public SandboxPruneOptions? Prune { get; set; }
}

/// <summary><c>sandbox.docker.*</c> (spec §6.2).</summary>
public sealed class SandboxDockerOptions
{
    public string? Image { get; set; }
    public string? ContainerPrefix { get; set; }
    public string? Workdir { get; set; }
    public bool? ReadOnlyRoot { get; set; }
    public List<string>? Tmpfs { get; set; }
    public string? Network { get; set; }
    public string? User { get; set; }
    public List<string>? CapDrop { get; set; }
    public Dictionary<string, string>? Env { get; set; }
    public string? SetupCommand { get; set; }
    public long? PidsLimit { get; set; }

    /// <summary>Bytes or a docker size such as <c>512m</c>.</summary>
    public string? Memory { get; set; }

    public string? MemorySwap { get; set; }
    public double? Cpus { get; set; }

    /// <summary>name → <c>1024</c>, <c>"1024:2048"</c> or <c>{soft, hard}</c>; read by <see cref="SandboxConfigReader"/>.</summary>
    public Dictionary<string, SandboxUlimitOptions>? Ulimits { get; set; }

    public string? SeccompProfile { get; set; }
    public string? ApparmorProfile { get; set; }
    public List<string>? Dns { get; set; }
    public List<string>? ExtraHosts { get; set; }
    public List<string>? Binds { get; set; }
    public bool? DangerouslyAllowExternalBindSources { get; set; }
    public bool? DangerouslyAllowReservedContainerTargets { get; set; }
    public bool? DangerouslyAllowContainerNamespaceJoin { get; set; }
}

public sealed class SandboxUlimitOptions
{
    public long? Soft { get; set; }
    public long? Hard { get; set; }
}

/// <summary><c>sandbox.prune</c>: 0 disables each rule.</summary>
public sealed class SandboxPruneOptions
{
    public int? IdleHours { get; set; }
    public int? MaxAgeDays { get; set; }
}
