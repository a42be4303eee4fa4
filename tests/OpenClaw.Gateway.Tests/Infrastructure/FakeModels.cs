using OpenClaw.Fakes.Models;

namespace OpenClaw.Gateway.Tests.Infrastructure;

/// <summary>A fake OpenAI and a fake Anthropic server, and config text that points providers at them.</summary>
public sealed class FakeModels : IAsyncDisposable
{
    private FakeModels(FakeOpenAiServer openAi, FakeAnthropicServer anthropic) => (OpenAi, Anthropic) = (openAi, anthropic);

    public FakeOpenAiServer OpenAi { get; }

    public FakeAnthropicServer Anthropic { get; }

    public static async Task<FakeModels> StartAsync() =>
        new(await FakeOpenAiServer.StartNewAsync(), await FakeAnthropicServer.StartNewAsync());

    /// <summary>Config with providers <c>fakeai</c> (openai-completions) and <c>fakeclaude</c> (anthropic-messages).</summary>
    public string Config(string primary = "fakeai/gpt-test", string fallbacks = "'fakeclaude/claude-test'", string extraDefaults = "", string extra = "") => $$"""
        {
          gateway: { mode: 'local', http: { endpoints: { chatCompletions: { enabled: true } } } },
          agents: { defaults: { model: { primary: '{{primary}}', fallbacks: [{{fallbacks}}] }, {{extraDefaults}} } },
          models: { providers: {
            fakeai: { api: 'openai-completions', baseUrl: '{{OpenAi.BaseUrl}}', apiKey: 'test-key' },
            fakeclaude: { api: 'anthropic-messages', baseUrl: '{{Anthropic.BaseUrl}}', apiKey: 'test-key' },
          } },
          {{extra}}
        }
        """;

    public async ValueTask DisposeAsync()
    {
        await OpenAi.DisposeAsync();
        await Anthropic.DisposeAsync();
    }
}
