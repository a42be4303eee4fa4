using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace OpenClaw.Gateway.Sandbox;

/// <summary>
/// Reads the sandbox blocks (<c>agents:defaults:sandbox</c>, <c>agents:list:N</c>) from a configuration view of the
/// live config: the gateway's <c>openclaw.json</c> snapshot (see <see cref="ConfigStoreSandboxConfiguration"/>), or any
/// <see cref="IConfiguration"/> (tests, hosts without a config file).
/// </summary>
public sealed class SandboxConfigReader(Func<IConfiguration> current)
{
    public SandboxConfigReader(IConfiguration configuration)
        : this(() => configuration)
    {
    }

    private IConfiguration configuration => current();

    public const string DefaultsSection = "agents:defaults:sandbox";

    public SandboxOptions ReadDefaults() => Read(configuration.GetSection(DefaultsSection));

    /// <summary>The agent's own sandbox block, or null when the agent has none.</summary>
    public SandboxOptions? ReadAgent(string agentId)
    {
        var agent = FindAgent(agentId);
        var section = agent?.GetSection("sandbox");
        return section is not null && section.Exists() ? Read(section) : null;
    }

    /// <summary>The config path of the agent's sandbox block, e.g. <c>agents.list[1].sandbox</c>.</summary>
    public string AgentSandboxPath(string agentId)
    {
        var agent = FindAgent(agentId);
        return agent is null ? "agents.list[].sandbox" : $"agents.list[{agent.Key}].sandbox";
    }

    /// <summary>agents.list[].workspace ?? agents.defaults.workspace (default agent) ?? upstream's default path.</summary>
    public string AgentWorkspace(string agentId, string stateDir)
    {
        if (FindAgent(agentId)?["workspace"] is { Length: > 0 } own)
        {
            return ExpandHome(own);
        }

        if (agentId == DefaultAgentId())
        {
            return configuration["agents:defaults:workspace"] is { Length: > 0 } shared
                ? ExpandHome(shared)
                : Path.Combine(stateDir, "workspace");
        }

        return Path.Combine(stateDir, $"workspace-{agentId}");
    }

    /// <summary>First entry with default:true, else the first entry, else <c>main</c>.</summary>
    public string DefaultAgentId()
    {
        var agents = configuration.GetSection("agents:list").GetChildren().ToList();
        var chosen = agents.FirstOrDefault(a => string.Equals(a["default"], "true", StringComparison.OrdinalIgnoreCase)) ?? agents.FirstOrDefault();
        return chosen?["id"]?.ToLowerInvariant() ?? "main";
    }

    /// <summary><c>OPENCLAW_STATE_DIR</c>, else <c>$OPENCLAW_HOME/.openclaw</c>, else <c>$HOME/.openclaw</c>.</summary>
    public string StateDir()
    {
        if (configuration["OPENCLAW_STATE_DIR"] is { Length: > 0 } stateDir)
        {
            return ExpandHome(stateDir);
        }

        return Path.Combine(Home(), ".openclaw");
    }

    public string ExpandHome(string path) =>
        path == "~" ? Home() : path.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(Home(), path[2..]) : Path.GetFullPath(path);

    public string Home() =>
        configuration["OPENCLAW_HOME"] is { Length: > 0 } openclawHome ? openclawHome
        : configuration["HOME"] is { Length: > 0 } home ? home
        : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    private IConfigurationSection? FindAgent(string agentId) =>
        configuration.GetSection("agents:list").GetChildren()
            .FirstOrDefault(a => string.Equals(a["id"], agentId, StringComparison.OrdinalIgnoreCase));

    private static SandboxOptions Read(IConfigurationSection section)
    {
        var options = new SandboxOptions();
        section.Bind(options, binder => binder.ErrorOnUnknownConfiguration = false);
        // Ulimits accept a number, "soft:hard" or {soft, hard}; the binder only understands the object form.
        var ulimits = section.GetSection("docker:ulimits");
        if (ulimits.Exists() && options.Docker is not null)
        {
            options.Docker.Ulimits = ulimits.GetChildren().ToDictionary(u => u.Key, ReadUlimit);
        }

        return options;
    }

    private static SandboxUlimitOptions ReadUlimit(IConfigurationSection section)
    {
        try
        {
            return ParseUlimit(section);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            throw new SandboxConfigException(
                $"{SandboxConfigException.KeyPath(section.Path)}: expected a number, \"soft:hard\" or {{ soft, hard }}");
        }
    }

    private static SandboxUlimitOptions ParseUlimit(IConfigurationSection section)
    {
        if (section.Value is { } value)
        {
            var parts = value.Split(':');
            var soft = long.Parse(parts[0], CultureInfo.InvariantCulture);
            return new SandboxUlimitOptions { Soft = soft, Hard = parts.Length > 1 ? long.Parse(parts[1], CultureInfo.InvariantCulture) : soft };
        }

        return new SandboxUlimitOptions
        {
            Soft = section["soft"] is { } s ? long.Parse(s, CultureInfo.InvariantCulture) : null,
            Hard = section["hard"] is { } h ? long.Parse(h, CultureInfo.InvariantCulture) : null,
        };
    }
}
