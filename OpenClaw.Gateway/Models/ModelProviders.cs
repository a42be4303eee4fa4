using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using Anthropic;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenClaw.Gateway.Config;

namespace OpenClaw.Gateway.Models;

/// <summary>
/// <see cref="IModelProviders"/> over the OpenAI SDK (Chat Completions) and the official Anthropic SDK, both through
/// their Microsoft.Extensions.AI adapters. SDK retries are off: a 429 or overload fails over to the next model at
/// once (spec §12.5) instead of sleeping inside the SDK.
/// </summary>
public sealed class ModelProviders : IModelProviders, IDisposable
{
    public const string OpenAiDefaultBaseUrl = "https://api.openai.com/v1";
    public const string AnthropicDefaultBaseUrl = "https://api.anthropic.com";

    private readonly IConfigStore _config;
    private readonly GatewayEnv _env;
    private readonly OpenClawPaths _paths;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly ConcurrentDictionary<string, IChatClient> _clients = new(StringComparer.Ordinal);
    private readonly IDisposable _subscription;
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), MaxConnectionsPerServer = 64 })
    {
        Timeout = Timeout.InfiniteTimeSpan, // runs carry their own timeout and abort token; streams may be long.
    };

    public ModelProviders(IConfigStore config, GatewayEnv env, OpenClawPaths paths, ILoggerFactory? loggerFactory = null)
    {
        _config = config;
        _env = env;
        _paths = paths;
        _loggerFactory = loggerFactory;
        _subscription = config.OnChange(_ => _clients.Clear());
    }

    public IReadOnlyList<string> ConfiguredProviders
    {
        get
        {
            var providers = new List<string>();
            var custom = _config.Current.Config.Models.Providers;
            if (Key("openai", "OPENAI_API_KEY") is not null || custom.ContainsKey("openai"))
            {
                providers.Add("openai");
            }

            if (Key("anthropic", "ANTHROPIC_API_KEY") is not null || custom.ContainsKey("anthropic"))
            {
                providers.Add("anthropic");
            }

            providers.AddRange(custom.Keys.Where(k => k is not "openai" and not "anthropic"));
            return providers;
        }
    }

    public IChatClient GetChatClient(ModelRef model, string? agentId = null)
    {
        var config = _config.Current.Config;
        var agentDir = _paths.AgentDir(Sessions.SessionKeys.NormalizeAgentId(agentId));
        var profiles = Path.Combine(agentDir, AuthProfiles.FileName);
        var profilesStamp = File.Exists(profiles) ? File.GetLastWriteTimeUtc(profiles).Ticks : 0;
        return _clients.GetOrAdd($"{_config.Current.Hash}|{agentDir}|{profilesStamp}|{model}", _ => Create(model, config, agentDir));
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _http.Dispose();
    }

    private IChatClient Create(ModelRef model, OpenClawConfig config, string agentDir)
    {
        config.Models.Providers.TryGetValue(model.Provider, out var custom);
        var api = custom?.Api ?? model.Provider switch
        {
            "openai" => "openai-completions",
            "anthropic" => "anthropic-messages",
            _ => null,
        };

        IChatClient inner = api switch
        {
            "openai-completions" => CreateOpenAi(model, custom, agentDir),
            "anthropic-messages" => CreateAnthropic(model, custom, agentDir),
            null when custom is null => throw new ModelProviderException(
                $"unknown model provider '{model.Provider}' in '{model}': configure models.providers.{model.Provider} with baseUrl and api (openai-completions | anthropic-messages), or use openai/... or anthropic/..."),
            null => throw new ModelProviderException($"models.providers.{model.Provider}.api is not set: use openai-completions or anthropic-messages"),
            _ => throw new ModelProviderException($"models.providers.{model.Provider}.api '{api}' is not supported by this gateway yet: use openai-completions or anthropic-messages"),
        };

        return new ChatClientBuilder(inner)
            .UseOpenTelemetry(_loggerFactory, configure: c => c.EnableSensitiveData = false)
            .Build();
    }

    private IChatClient CreateOpenAi(ModelRef model, ModelProviderConfig? custom, string agentDir)
    {
        var key = ResolveKey(model, custom, agentDir, model.Provider == "openai" ? "OPENAI_API_KEY" : null);
        var baseUrl = custom?.BaseUrl ?? (model.Provider == "openai" ? OpenAiDefaultBaseUrl : null)
            ?? throw new ModelProviderException($"models.providers.{model.Provider}.baseUrl is not set");
        if (string.IsNullOrEmpty(key))
        {
            // Local OpenAI-compatible servers (Ollama, vLLM, LM Studio) need no key; the real OpenAI API does.
            if (IsOpenAiCloud(baseUrl))
            {
                throw new ModelProviderException($"no API key for provider '{model.Provider}': set OPENAI_API_KEY or models.providers.{model.Provider}.apiKey, or run openclaw onboard");
            }

            key = "no-key";
        }

        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(baseUrl),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            Transport = new HttpClientPipelineTransport(_http),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        };
        return new OpenAI.Chat.ChatClient(model.Model, new ApiKeyCredential(key), options).AsIChatClient();
    }

    private AnthropicClientChat CreateAnthropic(ModelRef model, ModelProviderConfig? custom, string agentDir)
    {
        var key = ResolveKey(model, custom, agentDir, model.Provider == "anthropic" ? "ANTHROPIC_API_KEY" : null);
        if (string.IsNullOrEmpty(key))
        {
            throw new ModelProviderException($"no API key for provider '{model.Provider}': set ANTHROPIC_API_KEY or models.providers.{model.Provider}.apiKey, or run openclaw onboard");
        }

        var client = new AnthropicClient
        {
            ApiKey = key,
            BaseUrl = (custom?.BaseUrl ?? AnthropicDefaultBaseUrl).TrimEnd('/'),
            MaxRetries = 0,
            HttpClient = _http,
            Timeout = TimeSpan.FromMinutes(30),
        };
        var maxTokens = custom?.Models?.FirstOrDefault(m => m.Id == model.Model)?.MaxTokens ?? 8192;
        return new AnthropicClientChat(client.AsIChatClient(model.Model, maxTokens));
    }

    /// <summary>Spec §12.4 order: the agent's auth profiles, then the provider's env var, then <c>models.providers.*.apiKey</c>.</summary>
    private string? ResolveKey(ModelRef model, ModelProviderConfig? custom, string agentDir, string? envVar) =>
        AuthProfiles.KeyFor(agentDir, model.Provider)
        ?? (envVar is not null && _env.Get(envVar) is { Length: > 0 } fromEnv ? fromEnv : null)
        ?? custom?.ApiKey?.Resolve(_env.Get);

    private string? Key(string provider, string envVar) =>
        AuthProfiles.KeyFor(_paths.AgentDir(Sessions.SessionKeys.DefaultAgentId), provider)
        ?? (_env.Get(envVar) is { Length: > 0 } fromEnv ? fromEnv : null)
        ?? (_config.Current.Config.Models.Providers.TryGetValue(provider, out var p) ? p.ApiKey?.Resolve(_env.Get) : null);

    private static bool IsOpenAiCloud(string baseUrl) =>
        Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) && uri.Host.EndsWith("openai.com", StringComparison.OrdinalIgnoreCase);

    /// <summary>Keeps the Anthropic adapter behind a named type so stack traces say which provider failed.</summary>
    private sealed class AnthropicClientChat(IChatClient inner) : DelegatingChatClient(inner);
}
