using System.Text.Json.Nodes;
using OpenClaw.Contracts.Sandbox;

namespace OpenClaw.Gateway.Sandbox;

/// <summary>
/// Turns <c>agents.defaults.sandbox</c> + <c>agents.list[].sandbox</c> into what applies to one session: whether it is
/// sandboxed and, if so, the concrete <see cref="SandboxSpec"/> to send to the SandboxManager. Reads the configuration
/// on every call, so config reloads apply to the next tool call.
/// </summary>
public sealed class SandboxResolver(SandboxConfigReader reader)
{
    /// <summary>The sandbox for a session, or null when sandbox mode does not apply to it.</summary>
    public SandboxContext? Resolve(string agentId, string sessionKey)
    {
        var explanation = Explain(agentId, sessionKey);
        return explanation.Sandboxed ? explanation.Context : null;
    }

    /// <summary>The effective mode, scope and workspace access for a session, and why it is or is not sandboxed.</summary>
    public SandboxExplanation Explain(string agentId, string sessionKey)
    {
        agentId = agentId.ToLowerInvariant();
        var defaults = reader.ReadDefaults();
        var agent = reader.ReadAgent(agentId);
        var agentPath = reader.AgentSandboxPath(agentId);
        const string defaultsPath = "agents.defaults.sandbox";

        var mode = Pick(agent?.Mode, defaults.Mode, "off", ["off", "non-main", "all"], "mode", agent?.Mode is null ? defaultsPath : agentPath);
        var scope = Pick(
            agent?.Scope ?? LegacyScope(agent?.PerSession), defaults.Scope ?? LegacyScope(defaults.PerSession), "agent",
            ["agent", "session", "shared"], "scope", agent?.Scope is null && agent?.PerSession is null ? defaultsPath : agentPath);
        var access = Pick(agent?.WorkspaceAccess, defaults.WorkspaceAccess, "none", ["none", "ro", "rw"], "workspaceAccess",
            agent?.WorkspaceAccess is null ? defaultsPath : agentPath);

        var mainKey = $"agent:{agentId}:main";
        var isMain = sessionKey == mainKey || sessionKey == "main";
        var (sandboxed, reason) = mode switch
        {
            "all" => (true, "mode is all: every session is sandboxed"),
            "non-main" when isMain => (false, $"mode is non-main and {sessionKey} is the agent's main session"),
            "non-main" => (true, $"mode is non-main and {sessionKey} is not the main session ({mainKey})"),
            _ => (false, "mode is off (the default)"),
        };

        // Upstream ignores per-agent docker/prune overrides when the scope resolves to shared: one container serves all agents.
        var agentForDocker = scope == "shared" ? null : agent;
        var prune = new SandboxPrune(
            agentForDocker?.Prune?.IdleHours ?? defaults.Prune?.IdleHours ?? SandboxDefaults.DefaultIdleHours,
            agentForDocker?.Prune?.MaxAgeDays ?? defaults.Prune?.MaxAgeDays ?? SandboxDefaults.DefaultMaxAgeDays);
        var context = sandboxed ? BuildContext(agentId, sessionKey, scope, access, defaults, agentForDocker, agentPath) : null;
        if (context is not null)
        {
            context = context with { Spec = context.Spec with { Prune = prune } };
        }


        return new SandboxExplanation
        {
            AgentId = agentId,
            SessionKey = sessionKey,
            Mode = mode,
            Scope = scope,
            WorkspaceAccess = access,
            Sandboxed = sandboxed,
            Reason = reason,
            Context = context,
            Prune = prune,
            ConfigPaths = [$"{defaultsPath}.mode", $"{agentPath}.mode", $"{defaultsPath}.scope", $"{defaultsPath}.workspaceAccess"],
        };
    }

    private SandboxContext BuildContext(
        string agentId, string sessionKey, string scope, string access, SandboxOptions defaults, SandboxOptions? agent, string agentPath)
    {
        var stateDir = reader.StateDir();
        var home = reader.Home();
        var global = defaults.Docker ?? new SandboxDockerOptions();
        var own = agent?.Docker ?? new SandboxDockerOptions();
        string DockerPath(object? agentValue) => agentValue is null ? "agents.defaults.sandbox.docker" : $"{agentPath}.docker";

        var scopeKey = SandboxNaming.ScopeKey(scope, agentId, sessionKey);
        var prefix = own.ContainerPrefix ?? global.ContainerPrefix ?? SandboxDefaults.ContainerPrefix;
        var workdir = own.Workdir ?? global.Workdir ?? SandboxDefaults.Workdir;
        var workspaceRoot = reader.ExpandHome(agent?.WorkspaceRoot ?? defaults.WorkspaceRoot ?? Path.Combine(stateDir, "sandboxes"));
        var agentWorkspace = reader.AgentWorkspace(agentId, stateDir);
        var workspaceDir = access == "rw" ? agentWorkspace : Path.Combine(workspaceRoot, SandboxNaming.Slug(scopeKey));

        var network = own.Network ?? global.Network ?? "none";
        if (network == "host")
        {
            throw new SandboxConfigException($"{DockerPath(own.Network)}.network: \"host\" is blocked for sandboxes; use \"none\" (the default) or a Docker network name");
        }

        if (network.StartsWith("container:", StringComparison.Ordinal)
            && (own.DangerouslyAllowContainerNamespaceJoin ?? global.DangerouslyAllowContainerNamespaceJoin) != true)
        {
            throw new SandboxConfigException(
                $"{DockerPath(own.Network)}.network: \"{network}\" joins another container's namespace; set dangerouslyAllowContainerNamespaceJoin: true to allow it");
        }

        var env = new Dictionary<string, string>(global.Env ?? new() { ["LANG"] = "C.UTF-8" });
        foreach (var (key, value) in own.Env ?? [])
        {
            env[key] = value;
        }

        var allowReserved = (own.DangerouslyAllowReservedContainerTargets ?? global.DangerouslyAllowReservedContainerTargets) == true;
        var binds = (global.Binds ?? []).Select((b, i) => SandboxBindValidator.Parse(b, $"agents.defaults.sandbox.docker.binds[{i}]", home, allowReserved))
            .Concat((own.Binds ?? []).Select((b, i) => SandboxBindValidator.Parse(b, $"{agentPath}.docker.binds[{i}]", home, allowReserved)))
            .ToList();

        var mounts = new List<SandboxMount> { new(workspaceDir, workdir, ReadOnly: false) };
        if (access != "none" && !PathsEqual(agentWorkspace, workspaceDir))
        {
            mounts.Add(new SandboxMount(agentWorkspace, SandboxDefaults.AgentMountPath, ReadOnly: access == "ro"));
        }

        mounts.AddRange(binds);

        var ulimits = (own.Ulimits ?? global.Ulimits ?? [])
            .Select(u => new SandboxUlimit(u.Key, u.Value.Soft ?? u.Value.Hard ?? 0, u.Value.Hard ?? u.Value.Soft ?? 0))
            .ToList();
        var memory = DockerSize.Parse(own.Memory ?? global.Memory, $"{DockerPath(own.Memory)}.memory");
        var memorySwap = DockerSize.Parse(own.MemorySwap ?? global.MemorySwap, $"{DockerPath(own.MemorySwap)}.memorySwap");
        var pids = own.PidsLimit ?? global.PidsLimit;
        var cpus = own.Cpus ?? global.Cpus;

        var docker = new JsonObject
        {
            ["image"] = own.Image ?? global.Image ?? SandboxDefaults.Image,
            ["containerPrefix"] = prefix,
            ["workdir"] = workdir,
            ["readOnlyRoot"] = own.ReadOnlyRoot ?? global.ReadOnlyRoot ?? true,
            ["tmpfs"] = new JsonArray([.. (own.Tmpfs ?? global.Tmpfs ?? [.. SandboxDefaults.Tmpfs]).Select(t => (JsonNode?)t)]),
            ["network"] = network,
            ["user"] = own.User ?? global.User,
            ["capDrop"] = new JsonArray([.. (own.CapDrop ?? global.CapDrop ?? ["ALL"]).Select(c => (JsonNode?)c)]),
            ["env"] = new JsonObject(env.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)e.Value))),
            ["setupCommand"] = own.SetupCommand ?? global.SetupCommand,
            ["pidsLimit"] = pids,
            ["memory"] = memory,
            ["memorySwap"] = memorySwap,
            ["cpus"] = cpus,
            ["ulimits"] = ulimits.Count == 0 ? null : new JsonObject(ulimits.Select(u =>
                KeyValuePair.Create(u.Name, (JsonNode?)new JsonObject { ["soft"] = u.Soft, ["hard"] = u.Hard }))),
            ["seccompProfile"] = own.SeccompProfile ?? global.SeccompProfile,
            ["apparmorProfile"] = own.ApparmorProfile ?? global.ApparmorProfile,
            ["dns"] = ToArray(own.Dns ?? global.Dns),
            ["extraHosts"] = ToArray(own.ExtraHosts ?? global.ExtraHosts),
            ["binds"] = ToArray(binds.Select(b => $"{b.HostPath}:{b.ContainerPath}:{(b.ReadOnly ? "ro" : "rw")}").ToList()),
        };

        var spec = new SandboxSpec
        {
            ScopeKey = scopeKey,
            Scope = scope,
            ContainerName = SandboxNaming.ContainerName(prefix, scopeKey),
            Image = (string)docker["image"]!,
            Workdir = workdir,
            WorkspaceAccess = access,
            WorkspaceDir = workspaceDir,
            AgentWorkspaceDir = agentWorkspace,
            Mounts = mounts,
            ReadOnlyRoot = (bool)docker["readOnlyRoot"]!,
            Tmpfs = own.Tmpfs ?? global.Tmpfs ?? SandboxDefaults.Tmpfs,
            Network = network,
            User = own.User ?? global.User,
            CapDrop = own.CapDrop ?? global.CapDrop ?? ["ALL"],
            Env = env,
            SetupCommand = own.SetupCommand ?? global.SetupCommand,
            PidsLimit = pids,
            Memory = memory,
            MemorySwap = memorySwap,
            Cpus = cpus,
            Ulimits = ulimits,
            SeccompProfile = own.SeccompProfile ?? global.SeccompProfile,
            ApparmorProfile = own.ApparmorProfile ?? global.ApparmorProfile,
            Dns = own.Dns ?? global.Dns ?? [],
            ExtraHosts = own.ExtraHosts ?? global.ExtraHosts ?? [],
            ConfigHash = SandboxConfigHash.Compute(docker, access, workspaceDir, agentWorkspace),
        };

        return new SandboxContext(spec, agentId, sessionKey, scope, access);
    }

    private static string? LegacyScope(bool? perSession) => perSession switch
    {
        true => "session",
        false => "shared",
        null => null,
    };

    private static string Pick(string? own, string? global, string fallback, string[] allowed, string field, string path)
    {
        var value = own ?? global ?? fallback;
        return allowed.Contains(value)
            ? value
            : throw new SandboxConfigException($"{path}.{field}: \"{value}\" is not one of {string.Join(", ", allowed)}");
    }

    private static JsonArray? ToArray(IReadOnlyList<string>? values) =>
        values is null || values.Count == 0 ? null : new JsonArray([.. values.Select(v => (JsonNode?)v)]);

    private static bool PathsEqual(string a, string b) =>
        string.Equals(Path.GetFullPath(a).TrimEnd('/'), Path.GetFullPath(b).TrimEnd('/'), StringComparison.Ordinal);
}
