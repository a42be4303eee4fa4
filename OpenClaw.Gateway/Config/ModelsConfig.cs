using System.Text.Json;

namespace OpenClaw.Gateway.Config;

/// <summary><c>models.*</c>: custom / base-URL providers (spec §12.3).</summary>
public sealed class ModelsConfig
{
    [ConfigValues("merge", "replace")]
    public string Mode { get; init; } = "merge";

    public Dictionary<string, ModelProviderConfig> Providers { get; init; } = [];
}

public sealed class ModelProviderConfig
{
    public string? BaseUrl { get; init; }

    public SecretInput? ApiKey { get; init; }

    [ConfigValues("openai-completions", "openai-responses", "anthropic-messages", "google-generative-ai")]
    public string? Api { get; init; }

    [ConfigValues("api-key", "token", "oauth", "aws-sdk")]
    public string? Auth { get; init; }

    public bool? AuthHeader { get; init; }

    public Dictionary<string, string>? Headers { get; init; }

    public JsonElement? Request { get; init; }

    public List<ProviderModelConfig>? Models { get; init; }
}

public sealed class ProviderModelConfig
{
    public string Id { get; init; } = "";

    public string? Name { get; init; }

    public bool Reasoning { get; init; }

    public List<string>? Input { get; init; }

    public JsonElement? Cost { get; init; }

    public int ContextWindow { get; init; } = 200_000;

    public int? ContextTokens { get; init; }

    public int MaxTokens { get; init; } = 8192;

    public JsonElement? Compat { get; init; }
}
