using System.Text.Json;
using OpenClaw.GatewayClient;

namespace OpenClaw.ControlUi.Gateway;

/// <summary>
/// One gateway connection per browser circuit. The token comes from the tokenized URL (<c>#token=…</c>) or
/// Settings and is kept in the tab's sessionStorage per gateway URL, as upstream does; the browser's device
/// identity signs the connect. The browser's address is forwarded so the gateway pairs the browser as the
/// remote device it is (this server only relays for it).
/// </summary>
public sealed class GatewaySession(GatewayEndpoint endpoint, BrowserStorage storage, ILogger<GatewaySession> logger) : IAsyncDisposable
{
    private ReconnectingGatewayClient? _client;
    private BrowserInfo? _browser;
    private string? _remoteIp;

    public BrowserDeviceIdentityStore Identity { get; } = new(storage);

    public GatewayEndpoint Endpoint => endpoint;

    public bool Started => _client is not null;

    public string? Token { get; private set; }

    public string Theme { get; private set; } = "light";

    public GatewayLinkState State => _client?.State ?? new GatewayLinkState(GatewayLinkStatus.Idle);

    public bool IsConnected => State.Status == GatewayLinkStatus.Connected && _client?.Connection is not null;

    /// <summary>True once a connection succeeded in this circuit: later drops show a banner, not the connect card.</summary>
    public bool WasConnected { get; private set; }

    /// <summary>Bumped on every successful connect, so pages reload their data after a reconnect.</summary>
    public int ConnectionEpoch { get; private set; }

    public JsonElement? Hello => _client?.Connection?.Hello;

    public event Action? Changed;

    public event Action<GatewayEvent>? EventReceived;

    private string TokenKey => $"openclaw.control.token:{endpoint.WebSocketUrl}";

    /// <summary>Reads the fragment token or the stored one, loads the device identity and starts connecting.</summary>
    public async Task StartAsync(string? remoteIp, Func<Func<Task>, Task> dispatch)
    {
        if (_client is not null)
        {
            return;
        }

        _remoteIp = remoteIp;
        Identity.Dispatch = dispatch;
        _browser = await storage.StartAsync();
        Theme = _browser.Theme;
        if (_browser.FragmentToken is { Length: > 0 } fragment)
        {
            await storage.SetSessionAsync(TokenKey, fragment);
        }

        Token = _browser.FragmentToken is { Length: > 0 } t ? t : await storage.GetSessionAsync(TokenKey);
        await Identity.LoadAsync();
        _client = new ReconnectingGatewayClient(Options);
        _client.StateChanged += OnStateChanged;
        _client.EventReceived += e => EventReceived?.Invoke(e);
        _client.Restart();
    }

    /// <summary>Saves a pasted token for this tab and reconnects with it.</summary>
    public async Task SetTokenAsync(string? token)
    {
        Token = string.IsNullOrWhiteSpace(token) ? null : token.Trim();
        if (Token is null)
        {
            await storage.RemoveSessionAsync(TokenKey);
        }
        else
        {
            await storage.SetSessionAsync(TokenKey, Token);
        }

        _client?.Restart();
    }

    public void Reconnect() => _client?.Restart();

    /// <summary>A new identity for this browser (it must be paired again).</summary>
    public async Task ResetDeviceAsync()
    {
        await Identity.ResetAsync();
        _client?.Restart();
    }

    public async Task SetThemeAsync(string theme)
    {
        Theme = theme;
        await storage.SetThemeAsync(theme);
        Changed?.Invoke();
    }

    /// <summary>Whether the gateway advertises a method in <c>hello-ok.features.methods</c>.</summary>
    public bool Supports(string method) => _client?.Connection?.Methods.Contains(method) == true;

    public Task<JsonElement> CallAsync(string method, object? parameters = null, CancellationToken cancellationToken = default) =>
        _client is null
            ? throw new GatewayException("not connected to the gateway yet")
            : _client.RequestAsync(method, parameters, cancellationToken);

    private GatewayConnectOptions Options()
    {
        var headers = new Dictionary<string, string>();
        if (_remoteIp is { Length: > 0 })
        {
            headers["X-Forwarded-For"] = _remoteIp;
        }

        return new GatewayConnectOptions(endpoint.WebSocketUrl,
            ClientHello.ControlUi(_browser?.Platform ?? "web", "browser", _browser?.UserAgent) with { DisplayName = "Control UI" })
        {
            Token = Token,
            Identity = Identity,
            Headers = headers,
        };
    }

    private void OnStateChanged(GatewayLinkState state)
    {
        if (state.Status == GatewayLinkStatus.Connected)
        {
            WasConnected = true;
            ConnectionEpoch++;
        }

        if (state.Status is GatewayLinkStatus.Disconnected or GatewayLinkStatus.AuthFailed)
        {
            logger.LogInformation("gateway link {Status}: {Text}", state.Status, state.DisconnectText);
        }

        Changed?.Invoke();
    }

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }
    }
}
