using Microsoft.Extensions.AI;

namespace OpenClaw.Gateway.Models;

/// <summary>
/// Builds Microsoft.Extensions.AI chat clients for model refs: built-in <c>openai</c> / <c>anthropic</c> and custom
/// <c>models.providers.&lt;id&gt;</c> (<c>api: openai-completions | openai-responses | anthropic-messages</c>, <c>baseUrl</c>).
/// Clients emit GenAI OpenTelemetry spans. Rebuilt when the config changes.
/// </summary>
public interface IModelProviders
{
    /// <summary>
    /// The client for <paramref name="model"/>, with credentials resolved for <paramref name="agentId"/> (auth profiles →
    /// env vars → <c>models.providers.*.apiKey</c>); throws <see cref="ModelProviderException"/> with a fix hint.
    /// </summary>
    IChatClient GetChatClient(ModelRef model, string? agentId = null);

    /// <summary>Provider ids usable right now (credentials or base URL present).</summary>
    IReadOnlyList<string> ConfiguredProviders { get; }
}
