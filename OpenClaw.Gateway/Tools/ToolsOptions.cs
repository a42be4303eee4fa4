namespace OpenClaw.Gateway.Tools;

/// <summary>
/// The <c>tools</c> section of openclaw.json as far as the tools need it (spec §3.2, §5); key names are upstream's.
/// Read through <see cref="ToolConfigSource"/>.
/// </summary>
public class ToolPolicyOptions
{
    public string? Profile { get; set; }

    public List<string>? Allow { get; set; }

    /// <summary>Extra tools added to the profile's allow list (upstream <c>alsoAllow</c>).</summary>
    public List<string>? AlsoAllow { get; set; }

    public List<string>? Deny { get; set; }

    /// <summary>Policies keyed by <c>provider</c> or <c>provider/model</c>.</summary>
    public Dictionary<string, ToolPolicyOptions>? ByProvider { get; set; }

    public SandboxToolsOptions? Sandbox { get; set; }
}

public sealed class ToolsOptions : ToolPolicyOptions
{
    public const string SectionName = "tools";

    public ExecToolOptions Exec { get; set; } = new();

    public WebToolOptions Web { get; set; } = new();

    public SubagentToolsOptions? Subagents { get; set; }

    public SessionToolsOptions Sessions { get; set; } = new();

    public AgentToAgentOptions AgentToAgent { get; set; } = new();
}

public sealed class SandboxToolsOptions
{
    public AllowDenyOptions? Tools { get; set; }
}

public sealed class SubagentToolsOptions
{
    public AllowDenyOptions? Tools { get; set; }
}

public sealed class AllowDenyOptions
{
    public List<string>? Allow { get; set; }

    public List<string>? AlsoAllow { get; set; }

    public List<string>? Deny { get; set; }
}

public sealed class ExecToolOptions
{
    /// <summary>Milliseconds an exec waits before it yields and keeps running as a background process.</summary>
    public int BackgroundMs { get; set; } = 10_000;

    public int TimeoutSec { get; set; } = 1_800;

    /// <summary>How long finished background processes stay visible to <c>process</c>.</summary>
    public int CleanupMs { get; set; } = 1_800_000;

    public ApplyPatchOptions ApplyPatch { get; set; } = new();
}

public sealed class ApplyPatchOptions
{
    public bool Enabled { get; set; } = true;
}

public sealed class WebToolOptions
{
    public WebFetchOptions Fetch { get; set; } = new();
}

public sealed class WebFetchOptions
{
    public bool Enabled { get; set; } = true;

    public int MaxChars { get; set; } = 50_000;

    public int MaxCharsCap { get; set; } = 50_000;

    public int MaxResponseBytes { get; set; } = 2_000_000;

    public int TimeoutSeconds { get; set; } = 30;

    public int MaxRedirects { get; set; } = 3;

    public string UserAgent { get; set; } = "Mozilla/5.0 (compatible; OpenClaw.NET web_fetch)";

    public SsrfPolicyOptions SsrfPolicy { get; set; } = new();
}

public sealed class SsrfPolicyOptions
{
    /// <summary>Lets web_fetch reach loopback, private, link-local and metadata addresses. Off by default.</summary>
    public bool DangerouslyAllowPrivateNetwork { get; set; }

    /// <summary>Host names that may resolve to private addresses (for example an intranet wiki).</summary>
    public List<string> AllowedHostnames { get; set; } = [];
}

public sealed class SessionToolsOptions
{
    /// <summary><c>self</c>, <c>tree</c> (default: self and the sessions it spawned), <c>agent</c> or <c>all</c>.</summary>
    public string Visibility { get; set; } = "tree";
}

public sealed class AgentToAgentOptions
{
    public bool Enabled { get; set; }

    public List<string> Allow { get; set; } = [];
}
