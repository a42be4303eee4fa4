using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Time.Testing;
using OpenClaw.Fakes.Models;
using OpenClaw.Gateway.Config;
using OpenClaw.Gateway.Cron;
using OpenClaw.Gateway.Protocol;
using OpenClaw.Gateway.Tools;
using OpenClaw.Gateway.Tests.Infrastructure;
using OpenClaw.Gateway.Tests.Protocol;
using StackExchange.Redis;

namespace OpenClaw.Gateway.Tests.Cron;

/// <summary>
/// A real gateway host (core, WS control plane, tools, cron, webhooks) on a free loopback port with a fake clock the
/// test moves, a fake OpenAI model that answers "done: &lt;user text&gt;", a throw-away HOME and optionally a real Redis.
/// </summary>
public sealed class CronTestGateway : IAsyncDisposable
{
    public const string Token = "test-gateway-token";

    public static readonly DateTimeOffset Start = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private CronTestGateway(TempHome home, WebApplication app, FakeTimeProvider clock, FakeOpenAiServer model, bool ownsModel)
    {
        Home = home;
        App = app;
        Clock = clock;
        Model = model;
        _ownsModel = ownsModel;
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = address.Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
    }

    private readonly bool _ownsModel;

    public TempHome Home { get; }

    public WebApplication App { get; }

    public FakeTimeProvider Clock { get; }

    public FakeOpenAiServer Model { get; }

    public string BaseUrl { get; }

    public Uri WsUrl => new(BaseUrl.Replace("http://", "ws://", StringComparison.Ordinal));

    public string CronDir => Path.Combine(Home.StateDir, "cron");

    public CronService Cron => App.Services.GetRequiredService<CronService>();

    /// <param name="extraConfig">Extra top-level JSON5 keys, e.g. <c>hooks: {...},</c>.</param>
    /// <param name="jobsJson">A <c>cron/jobs.json</c> to put in place before the gateway starts (state left by an earlier run).</param>
    public static async Task<CronTestGateway> StartAsync(string extraConfig = "", string? jobsJson = null, string? redis = null,
        FakeOpenAiServer? sharedModel = null, DateTimeOffset? now = null, TempHome? home = null, string authExtra = "")
    {
        var model = sharedModel ?? await FakeOpenAiServer.StartNewAsync("test-key");
        model.DefaultReply ??= body => FakeModelReply.Text("done: " + model.LastUserText(body), chunks: 1);
        home ??= new TempHome();
        home.WriteConfig($$"""
            {
              gateway: { mode: "local", auth: { mode: "token", {{authExtra}} } },
              models: { providers: { fake: { baseUrl: "{{model.BaseUrl}}", apiKey: "test-key", api: "openai-completions", models: [ { id: "echo", name: "Echo" } ] } } },
              agents: { defaults: { model: { primary: "fake/echo" }, skipBootstrap: true } },
              {{extraConfig}}
            }
            """);
        if (jobsJson is not null)
        {
            Directory.CreateDirectory(Path.Combine(home.StateDir, "cron"));
            await File.WriteAllTextAsync(Path.Combine(home.StateDir, "cron", "jobs.json"), jobsJson, TestContext.Current.CancellationToken);
        }

        var clock = new FakeTimeProvider(now ?? Start);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["HOME"] = home.Path,
            ["OPENCLAW_HOME"] = home.Path,
            ["OPENCLAW_STATE_DIR"] = home.StateDir,
            ["OPENCLAW_CONFIG_PATH"] = home.ConfigPath,
            ["OPENCLAW_GATEWAY_TOKEN"] = Token,
            ["OPENCLAW_SKIP_CRON"] = "",
            ["OPENAI_API_KEY"] = "",
            ["ANTHROPIC_API_KEY"] = "",
            ["ConnectionStrings:redis"] = redis,
        });
        builder.Services.AddSingleton<TimeProvider>(clock);
        if (redis is not null)
        {
            builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis));
        }

        builder.AddGatewayCore(GatewayArgs.Parse(["--port", "0"]));
        builder.AddGatewayTools();
        builder.AddGatewayProtocol();
        builder.AddGatewayCron();
        builder.AddGatewayWebhooks();
        var app = builder.Build();
        app.MapGatewayProtocol();
        app.MapGatewayCore();
        app.MapGatewayWebhooks();
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new CronTestGateway(home, app, clock, model, sharedModel is null);
    }

    public Task<WsTestClient> ConnectAsync(params string[] scopes) =>
        WsTestClient.ConnectAsync(WsUrl, (_, _) => WsTestClient.CliConnect(Token, scopes.Length == 0 ? ["operator.admin"] : scopes));

    /// <summary>The run-log lines of a job (empty when none yet).</summary>
    public IReadOnlyList<JsonObject> RunLog(string jobId)
    {
        var path = Path.Combine(CronDir, "runs", jobId + ".jsonl");
        return File.Exists(path)
            ? [.. File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!.AsObject())]
            : [];
    }

    public async Task<IReadOnlyList<JsonObject>> WaitForRunsAsync(string jobId, int count, string? what = null) =>
        await Poll.UntilAsync(() => Task.FromResult(RunLog(jobId) is { } runs && runs.Count >= count ? runs : null),
            what ?? $"{count} run(s) of cron job {jobId}", TimeSpan.FromSeconds(60));

    /// <summary>Moves the clock in small steps so timers armed on the way fire in order.</summary>
    public void Advance(TimeSpan by) => Clock.Advance(by);

    public int ModelRequestsContaining(string text) =>
        Model.Requests.Count(r => r.ToJsonString().Contains(text, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
        if (_ownsModel)
        {
            await Model.DisposeAsync();
        }

        Home.Dispose();
    }
}
