using System.Text.Json;

namespace OpenClaw.Gateway.Config;

/// <summary><c>cron.*</c> (spec §10.1).</summary>
public sealed class CronConfig
{
    public bool? Enabled { get; init; }

    public string? Store { get; init; }

    public int? MaxConcurrentRuns { get; init; }

    public JsonElement? Webhook { get; init; }

    public JsonElement? WebhookToken { get; init; }

    public JsonElement? SessionRetention { get; init; }

    public JsonElement? RunLog { get; init; }

    public JsonElement? Retry { get; init; }

    public JsonElement? FailureAlert { get; init; }

    public JsonElement? FailureDestination { get; init; }
}

/// <summary><c>hooks.*</c> webhook ingress (spec §10.2).</summary>
public sealed class HooksConfig
{
    public bool? Enabled { get; init; }

    public SecretInput? Token { get; init; }

    public string? Path { get; init; }

    public int? MaxBodyBytes { get; init; }

    public string? DefaultSessionKey { get; init; }

    public bool? AllowRequestSessionKey { get; init; }

    public List<string>? AllowedSessionKeyPrefixes { get; init; }

    public List<string>? AllowedAgentIds { get; init; }

    public List<string>? Presets { get; init; }

    public JsonElement? Mappings { get; init; }

    public JsonElement? TransformsDir { get; init; }

    public JsonElement? Gmail { get; init; }

    public JsonElement? Internal { get; init; }
}
