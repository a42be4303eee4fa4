using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OpenClaw.Gateway.Config;

namespace OpenClaw.Gateway.Tests.Infrastructure;

/// <summary>
/// A real gateway host (Kestrel on a free loopback port) built exactly like Program.cs, with its own temp HOME so
/// state lands in a throw-away ~/.openclaw. Extra services (e.g. a test tool catalog) can be registered.
/// </summary>
public sealed class TestGateway : IAsyncDisposable
{
    public const string Token = "test-gateway-token";

    private TestGateway(TempHome home, WebApplication app)
    {
        Home = home;
        App = app;
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    public TempHome Home { get; }

    public WebApplication App { get; }

    public IServiceProvider Services => App.Services;

    public string BaseUrl { get; }

    /// <summary>An HTTP client already carrying the gateway token.</summary>
    public HttpClient Http { get; }

    public T Get<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    public static async Task<TestGateway> StartAsync(string configJson5, Action<IServiceCollection>? services = null, IDictionary<string, string?>? env = null, TempHome? home = null)
    {
        home ??= new TempHome();
        home.WriteConfig(configJson5);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["HOME"] = home.Path,
            ["OPENCLAW_HOME"] = home.Path,
            ["OPENCLAW_STATE_DIR"] = home.StateDir,
            ["OPENCLAW_CONFIG_PATH"] = home.ConfigPath,
            ["OPENCLAW_GATEWAY_TOKEN"] = Token,
        };
        foreach (var (key, value) in env ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        services?.Invoke(builder.Services);
        builder.AddGatewayCore(GatewayArgs.Parse(["--port", "0"]));
        var app = builder.Build();
        app.MapGatewayCore();
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new TestGateway(home, app);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
    }
}

/// <summary>A temp HOME with <c>.openclaw/</c> inside; deleted on dispose.</summary>
public sealed class TempHome : IDisposable
{
    public TempHome()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "openclaw-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(StateDir);
    }

    public string Path { get; }

    public string StateDir => System.IO.Path.Combine(Path, ".openclaw");

    public string ConfigPath => System.IO.Path.Combine(StateDir, "openclaw.json");

    public string SessionsDir(string agentId = "main") => System.IO.Path.Combine(StateDir, "agents", agentId, "sessions");

    public void WriteConfig(string json5) => File.WriteAllText(ConfigPath, json5);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process we killed may still hold a file for a moment; the temp dir is cleaned by the OS later.
        }
    }
}
