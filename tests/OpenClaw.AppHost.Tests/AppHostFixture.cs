using OpenClaw.Fakes.Models;
using OpenClaw.Fakes.Telegram;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace OpenClaw.AppHost.Tests;

/// <summary>
/// One AppHost for the tests of the "AppHost" collection, with a fake Telegram Bot API and a fake
/// OpenAI-compatible model on loopback: the user's config enables Telegram (and disables Discord)
/// and points the default agent at the fake model.
/// </summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    public AppHostProcess AppHost { get; private set; } = default!;

    public FakeTelegramServer Telegram { get; private set; } = default!;

    public FakeTelegramBot Bot { get; private set; } = default!;

    public FakeOpenAiServer Model { get; private set; } = default!;

    public IReadOnlyList<ResourceDto> Resources { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        Telegram = await FakeTelegramServer.StartAsync();
        Bot = Telegram.AddBot();
        Model = await FakeOpenAiServer.StartNewAsync();
        Model.DefaultReply = _ => FakeModelReply.Text("hello from the fake model", chunks: 1);

        // JSON5, as users write it: comments and trailing commas.
        var config = $$"""
            {
              // set up with `openclaw setup`
              "gateway": { "mode": "local", },
              "agents": { "defaults": { "model": "fakeai/gpt-test", "skipBootstrap": true } },
              "models": { "providers": { "fakeai": { "api": "openai-completions", "baseUrl": "{{Model.BaseUrl}}", "apiKey": "test-key" } } },
              "channels": {
                "telegram": { "botToken": "{{Bot.Token}}", "apiRoot": "{{Telegram.BaseUrl}}", "dmPolicy": "open", "allowFrom": ["*"], },
                "discord": { "enabled": false },
              },
            }
            """;
        AppHost = await AppHostProcess.StartAsync(config, CancellationToken.None);
        Resources = await AppHost.WaitForAllRunningAsync(TimeSpan.FromMinutes(3), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await AppHost.DisposeAsync();
        await Model.DisposeAsync();
        await Telegram.DisposeAsync();
    }
}

[CollectionDefinition("AppHost")]
public sealed class AppHostCollection : ICollectionFixture<AppHostFixture>;
