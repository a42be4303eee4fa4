using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenClaw.Gateway.Config;

/// <summary>
/// The typed tree of <c>~/.openclaw/openclaw.json</c> (spec §3). Sections this gateway does not act on yet are
/// kept as raw JSON so upstream configs still load; everything typed here is strictly validated.
/// </summary>
public sealed class OpenClawConfig
{
    [JsonPropertyName("$schema")]
    public string? Schema { get; init; }

    public GatewayConfig Gateway { get; init; } = new();

    public AgentsConfig Agents { get; init; } = new();

    public List<BindingConfig> Bindings { get; init; } = [];

    public SessionConfig Session { get; init; } = new();

    public ModelsConfig Models { get; init; } = new();

    public ToolsConfig Tools { get; init; } = new();

    /// <summary>Per-channel sections keyed by channel id (<c>telegram</c>, <c>discord</c>, <c>slack</c>, ...).</summary>
    public Dictionary<string, ChannelConfig> Channels { get; init; } = [];

    public CronConfig Cron { get; init; } = new();

    public HooksConfig Hooks { get; init; } = new();

    public JsonElement? Messages { get; init; }

    public JsonElement? Commands { get; init; }

    public JsonElement? Auth { get; init; }

    public JsonElement? Skills { get; init; }

    public JsonElement? Plugins { get; init; }

    public JsonElement? Browser { get; init; }

    public JsonElement? Talk { get; init; }

    public JsonElement? Ui { get; init; }

    public JsonElement? CanvasHost { get; init; }

    public JsonElement? Discovery { get; init; }

    public JsonElement? Env { get; init; }

    public JsonElement? Secrets { get; init; }

    public JsonElement? Logging { get; init; }

    public JsonElement? Diagnostics { get; init; }

    public JsonElement? Update { get; init; }

    public JsonElement? Acp { get; init; }

    public JsonElement? Broadcast { get; init; }

    public JsonElement? Web { get; init; }

    public JsonElement? Wizard { get; init; }

    public JsonElement? Cli { get; init; }

    public JsonElement? Meta { get; init; }

    public JsonElement? Mcp { get; init; }

    public JsonElement? Memory { get; init; }

    public JsonElement? Sandbox { get; init; }
}

/// <summary>A credential: a literal string or a SecretRef <c>{source: env|file|exec, provider, id}</c>.</summary>
[StringShorthand]
[JsonConverter(typeof(SecretInputConverter))]
public sealed class SecretInput
{
    public string? Value { get; init; }

    [ConfigValues("env", "file", "exec")]
    public string? Source { get; init; }

    public string? Provider { get; init; }

    public string? Id { get; init; }

    /// <summary>The secret's value: the literal, or the env var for <c>source: env</c>; null when unresolvable here.</summary>
    public string? Resolve(Func<string, string?> getEnv) => Value ?? (Source == "env" && Id is not null ? getEnv(Id) : null);
}

/// <summary><c>"provider/model"</c> or <c>{primary, fallbacks[]}</c>.</summary>
[StringShorthand]
[JsonConverter(typeof(ModelSelectionConverter))]
public sealed class ModelSelection
{
    public string? Primary { get; init; }

    /// <summary>Null = inherit the defaults' fallbacks; an empty list disables fallbacks.</summary>
    public List<string>? Fallbacks { get; init; }
}
