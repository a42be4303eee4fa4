using OpenClaw.Fakes.Models;
using OpenClaw.Testing;

namespace OpenClaw.Cli.Tests;

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "running gateway";
}

/// <summary>
/// One real gateway for the commands that talk to it: a real Redis, a fake OpenAI-compatible model server and the
/// gateway process, configured the way a user's <c>openclaw.json</c> would be (port and token in the file, so the
/// CLI run on the same state dir finds them itself).
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public const string Token = "cli-test-token-0123456789abcdef";

    public TempState State { get; } = new();

    public FakeOpenAiServer Model { get; private set; } = null!;

    public RedisServer Redis { get; private set; } = null!;

    public GatewayProcess Gateway { get; private set; } = null!;

    public int Port { get; } = FreePort.Next();

    public string Url => $"ws://127.0.0.1:{Port}";

    public async ValueTask InitializeAsync()
    {
        Redis = await RedisServer.StartAsync();
        Model = await FakeOpenAiServer.StartNewAsync();
        State.WriteConfig($$"""
            // written by GatewayFixture
            {
              gateway: { mode: 'local', port: {{Port}}, auth: { mode: 'token', token: '{{Token}}' } },
              agents: { defaults: { model: { primary: 'fakeai/gpt-test' }, workspace: '{{Path.Combine(State.Home, "workspace")}}' } },
              models: { providers: { fakeai: { api: 'openai-completions', baseUrl: '{{Model.BaseUrl}}', apiKey: 'test-key' } } },
            }
            """);
        Gateway = await GatewayProcess.StartAsync(State, Port, Redis.ConnectionString);
    }

    /// <summary>Runs the CLI on the gateway's own state dir (config token and port), like a user on the gateway host.</summary>
    internal Task<CliProcess.Result> CliAsync(params string[] args) => CliProcess.RunAsync(State.Env, args);

    public async ValueTask DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        await Model.DisposeAsync();
        await Redis.DisposeAsync();
        State.Dispose();
    }
}
