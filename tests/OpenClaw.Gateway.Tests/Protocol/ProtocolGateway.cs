using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OpenClaw.Fakes.Models;
using OpenClaw.Gateway.Config;
using OpenClaw.Gateway.Protocol;
using OpenClaw.Gateway.Tests.Infrastructure;

namespace OpenClaw.Gateway.Tests.Protocol;

/// <summary>
/// A real gateway (Kestrel on a free loopback port) with the WebSocket control plane, built like Program.cs,
/// in a throw-away HOME. Optionally wired to a fake OpenAI server as provider <c>fake</c>, model <c>echo</c>.
/// </summary>
public sealed class ProtocolGateway : IAsyncDisposable
{
    public const string Token = "test-gateway-token";

    private ProtocolGateway(TempHome home, WebApplication app, FakeOpenAiServer? model)
    {
        Home = home;
        App = app;
        Model = model;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Port = new Uri(address.Replace("localhost", "127.0.0.1", StringComparison.Ordinal)).Port;
    }

    public TempHome Home { get; }

    public WebApplication App { get; }

    public FakeOpenAiServer? Model { get; }

    public int Port { get; }

    public Uri WsUrl => new($"ws://127.0.0.1:{Port}");

    public T Get<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    /// <param name="gatewayJson5">Extra keys inside <c>gateway: { ... }</c>, e.g. <c>nodes: { pairing: { autoApproveLocal: false } }</c>.</param>
    /// <param name="extraJson5">Extra top-level keys, e.g. <c>channels: { telegram: { } },</c>.</param>
    /// <param name="configure">Extra registrations (e.g. Redis and the channel services) before the host is built.</param>
    public static async Task<ProtocolGateway> StartAsync(string gatewayJson5 = "", bool withModel = false,
        IDictionary<string, string?>? settings = null, string extraJson5 = "", Action<WebApplicationBuilder>? configure = null)
    {
        var model = withModel ? await FakeOpenAiServer.StartNewAsync("test-key") : null;
        var home = new TempHome();
        var models = model is null
            ? ""
            : $$"""
              models: { providers: { fake: { baseUrl: "{{model.BaseUrl}}", apiKey: "test-key", api: "openai-completions", models: [ { id: "echo", name: "Echo" } ] } } },
              agents: { defaults: { model: { primary: "fake/echo" } } },
              """;
        home.WriteConfig($$"""
            {
              gateway: { mode: "local", {{(gatewayJson5.Contains("auth:", StringComparison.Ordinal) ? "" : "auth: { mode: \"token\" },")}} {{gatewayJson5}} },
              {{models}}
              {{extraJson5}}
            }
            """);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        var config = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["HOME"] = home.Path,
            ["OPENCLAW_HOME"] = home.Path,
            ["OPENCLAW_STATE_DIR"] = home.StateDir,
            ["OPENCLAW_CONFIG_PATH"] = home.ConfigPath,
            ["OPENCLAW_GATEWAY_TOKEN"] = Token,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(config);
        builder.AddGatewayCore(GatewayArgs.Parse(["--port", "0"]));
        builder.AddGatewayProtocol();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapGatewayProtocol();
        app.MapGatewayCore();
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new ProtocolGateway(home, app, model);
    }

    /// <summary>Connects and completes the handshake as a shared-token CLI with the given scopes.</summary>
    public Task<WsTestClient> ConnectCliAsync(params string[] scopes) =>
        WsTestClient.ConnectAsync(WsUrl, (nonce, ts) => WsTestClient.CliConnect(Token, scopes.Length == 0 ? ["operator.read"] : scopes));

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
        if (Model is not null)
        {
            await Model.DisposeAsync();
        }

        Home.Dispose();
    }
}
