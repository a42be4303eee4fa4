using System.Globalization;
using Microsoft.Playwright;
using OpenClaw.Fakes.Models;
using OpenClaw.Testing;

namespace OpenClaw.ControlUi.Tests.Infrastructure;

/// <summary>
/// The real stack on loopback: a fake OpenAI server, the built gateway (temp HOME, a token) and the built
/// Control UI pointed at it, plus headless Debian Chromium. Shared by the browser tests of one collection.
/// </summary>
public class ControlUiStack : IAsyncLifetime
{
    public const string Token = "ui-test-token-5f2c9a";
    private ChildProcess? _gateway;
    private ChildProcess? _ui;
    private IPlaywright? _playwright;
    private Dictionary<string, string> _gatewayEnv = [];

    public FakeOpenAiServer Model { get; private set; } = default!;

    public string Home { get; } = Path.Combine(Path.GetTempPath(), $"openclaw-ui-{Guid.NewGuid():N}");

    public int GatewayPort { get; } = FreePort.Next();

    public int UiPort { get; } = FreePort.Next();

    public string UiUrl => $"http://127.0.0.1:{UiPort}";

    public string GatewayWsUrl => $"ws://127.0.0.1:{GatewayPort}";

    public IBrowser Browser { get; private set; } = default!;

    /// <summary>Browser storage of a paired browser (its device identity and device token), once one was paired.</summary>
    public string? PairedStorageState { get; set; }

    public string ConfigPath => Path.Combine(Home, ".openclaw", "openclaw.json");

    /// <summary>Extra keys inside <c>agents.defaults</c> of the gateway's config (JSON5, ending with a comma).</summary>
    protected virtual string AgentDefaults => "";

    /// <summary>
    /// Starts what the gateway needs besides itself and returns its Redis connection string. The plain stack has no
    /// Redis (an unreachable address), which the gateway tolerates.
    /// </summary>
    protected virtual Task<string> StartBackingServicesAsync() => Task.FromResult("127.0.0.1:1,abortConnect=false,connectTimeout=200");

    protected virtual ValueTask StopBackingServicesAsync() => ValueTask.CompletedTask;

    public async ValueTask InitializeAsync()
    {
        Model = await FakeOpenAiServer.StartNewAsync();
        Directory.CreateDirectory(Path.GetDirectoryName(ConfigPath)!);
        await File.WriteAllTextAsync(ConfigPath, $$"""
            {
              gateway: { mode: 'local' },
              agents: { defaults: { {{AgentDefaults}} model: { primary: 'fakeai/gpt-test' } } },
              models: { providers: {
                fakeai: { api: 'openai-completions', baseUrl: '{{Model.BaseUrl}}', apiKey: 'test-key' },
              } },
            }
            """);
        var env = new Dictionary<string, string>
        {
            ["HOME"] = Home,
            ["OPENCLAW_HOME"] = Home,
            ["OPENCLAW_GATEWAY_TOKEN"] = Token,
            ["Logging__LogLevel__Default"] = "Warning",
            ["ConnectionStrings__redis"] = await StartBackingServicesAsync(),
        };
        _gatewayEnv = env;
        _gateway = StartGateway();
        _ui = ChildProcess.Start(RepoPaths.Dll("OpenClaw.ControlUi", "OpenClaw.ControlUi"), [], new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = UiUrl,
            ["services__gateway__http__0"] = $"http://127.0.0.1:{GatewayPort}",
            ["Logging__LogLevel__Default"] = "Warning",
        }, Path.Combine(RepoPaths.Root, "OpenClaw.ControlUi"));
        await _gateway.WaitForHttpAsync($"http://127.0.0.1:{GatewayPort}/healthz", "the gateway");
        await _ui.WaitForHttpAsync($"{UiUrl}/health", "the Control UI");

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    private ChildProcess StartGateway() => ChildProcess.Start(RepoPaths.Dll("OpenClaw.Gateway", "OpenClaw.Gateway"),
        ["--port", GatewayPort.ToString(CultureInfo.InvariantCulture)], _gatewayEnv);

    /// <summary>Kills the gateway process (no close frame reaches the clients).</summary>
    public async Task KillGatewayAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
            _gateway = null;
        }
    }

    /// <summary>Starts the gateway again on the same port and state directory.</summary>
    public async Task StartGatewayAgainAsync()
    {
        _gateway = StartGateway();
        await _gateway.WaitForHttpAsync($"http://127.0.0.1:{GatewayPort}/healthz", "the restarted gateway");
    }

    /// <summary>A fresh browser profile (= a new device) at desktop or phone size.</summary>
    public Task<IBrowserContext> NewContextAsync(bool phone = false, string? storageState = null) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 800 },
            DeviceScaleFactor = 1,
            IsMobile = phone,
            HasTouch = phone,
            StorageState = storageState,
        });

    /// <summary><c>openclaw devices …</c> with the built CLI, against this gateway with the shared token.</summary>
    public async Task<(int ExitCode, string Output)> CliAsync(params string[] args)
    {
        await using var cli = ChildProcess.Start(RepoPaths.Dll("OpenClaw.Cli", "openclaw"), [.. args, "--url", GatewayWsUrl, "--token", Token],
            new Dictionary<string, string> { ["HOME"] = Home, ["OPENCLAW_HOME"] = Home });
        return await cli.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>
    /// Approves a pending browser with <c>openclaw devices approve &lt;requestId&gt;</c>. The control-plane CLI asks for
    /// <c>operator.pairing</c> only, which the gateway (rightly) refuses for a request that wants admin scopes; until
    /// the CLI asks for what the request needs, that refusal is reported and the same approval is made over the
    /// protocol with admin scope, as the fixed CLI will.
    /// </summary>
    public async Task<string> ApproveAsync(string requestId)
    {
        var (exit, output) = await CliAsync("devices", "approve", requestId);
        if (exit == 0)
        {
            return $"approved with the CLI: {output}";
        }

        Assert.True(output.Contains("missing scope: operator.admin", StringComparison.Ordinal),
            $"openclaw devices approve failed ({exit}): {output}\n{Logs}");
        await using var admin = await GatewayClient.GatewayConnection.ConnectAsync(
            new GatewayClient.GatewayConnectOptions(new Uri(GatewayWsUrl), new GatewayClient.ClientHello("operator", Contracts.Protocol.OperatorScopes.All))
            {
                Token = Token,
            }, TestContext.Current.CancellationToken);
        await admin.RequestAsync("device.pair.approve", new { requestId }, TestContext.Current.CancellationToken);
        return $"CLI refused ({output.Trim()}); approved over the protocol with operator.admin";
    }

    public virtual string Logs => $"--- gateway ---\n{_gateway?.Output}\n--- control ui ---\n{_ui?.Output}";

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_ui is not null)
        {
            await _ui.DisposeAsync();
        }

        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        if (Model is not null)
        {
            await Model.DisposeAsync();
        }

        await StopBackingServicesAsync();

        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ControlUiStackCollection : ICollectionFixture<ControlUiStack>
{
    public const string Name = "control-ui-stack";
}
