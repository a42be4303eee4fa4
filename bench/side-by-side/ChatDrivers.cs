using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OpenClaw.GatewayClient;

namespace OpenClaw.Bench.SideBySide;

/// <summary>One way of running a chat turn against a gateway: the argument is the session key.</summary>
internal interface IChatDriver : IAsyncDisposable
{
    Task TurnAsync(string sessionKey, CancellationToken cancellationToken);
}

/// <summary>
/// <c>chat.send</c> over the public WebSocket protocol with our protocol client, waiting for the run's
/// <c>chat</c> event with <c>state: "final"</c>. One connection carries every session, like a Control UI.
/// </summary>
internal sealed class WsChatDriver : IChatDriver
{
    private readonly GatewayConnection _connection;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _finishedEarly = new(StringComparer.Ordinal);
    private readonly Task _events;

    private WsChatDriver(GatewayConnection connection)
    {
        _connection = connection;
        _events = Task.Run(ReadEventsAsync);
    }

    public static async Task<WsChatDriver> ConnectAsync(Uri url, IDeviceIdentityStore identity, CancellationToken cancellationToken) =>
        new(await Connect(url, identity, ["operator.read", "operator.write"], cancellationToken));

    public static Task<GatewayConnection> Connect(Uri url, IDeviceIdentityStore identity, IReadOnlyList<string> scopes, CancellationToken cancellationToken) =>
        GatewayConnection.ConnectAsync(new GatewayConnectOptions(url, new ClientHello("operator", scopes) { DisplayName = "openclaw-bench" })
        {
            Token = GatewaySystem.Token,
            Identity = identity,
            HandshakeTimeout = TimeSpan.FromSeconds(60),
            RequestTimeout = TimeSpan.FromSeconds(120),
        }, cancellationToken);

    public async Task TurnAsync(string sessionKey, CancellationToken cancellationToken)
    {
        var key = Guid.NewGuid().ToString("N");
        var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[key] = done;
        var ack = await _connection.RequestAsync("chat.send", new { sessionKey, message = "hi", idempotencyKey = key }, cancellationToken);
        var runId = ack.ValueKind == JsonValueKind.Object && ack.TryGetProperty("runId", out var r) && r.GetString() is { Length: > 0 } id ? id : key;
        if (runId != key && _pending.TryRemove(key, out _))
        {
            _pending[runId] = done;
            if (_finishedEarly.TryRemove(runId, out var early))
            {
                done.TrySetResult(early);
            }
        }

        var state = await done.Task.WaitAsync(TimeSpan.FromSeconds(120), cancellationToken);
        if (state != "final")
        {
            throw new InvalidOperationException($"chat.send run {runId} ended '{state}'");
        }
    }

    private async Task ReadEventsAsync()
    {
        await foreach (var ev in _connection.Events.ReadAllAsync())
        {
            if (ev.Name != "chat" || ev.Payload is not { ValueKind: JsonValueKind.Object } payload
                || !payload.TryGetProperty("state", out var s) || s.GetString() is not ("final" or "error" or "aborted") || !payload.TryGetProperty("runId", out var r)
                || r.GetString() is not { } runId)
            {
                continue;
            }

            var state = s.GetString()!;
            if (_pending.TryRemove(runId, out var done))
            {
                done.TrySetResult(state);
            }
            else
            {
                _finishedEarly[runId] = state;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _events;
    }
}

/// <summary><c>POST /v1/chat/completions</c> (non-streaming) with bearer auth and <c>x-openclaw-session-key</c>.</summary>
internal sealed class HttpChatDriver(Uri baseUrl) : IChatDriver
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(120) };

    public async Task TurnAsync(string sessionKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"openclaw","messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", GatewaySystem.Token);
        request.Headers.Add("x-openclaw-session-key", sessionKey);
        using var response = await _http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode || !body.Contains("\"ok\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"/v1/chat/completions answered {(int)response.StatusCode}: {body[..Math.Min(300, body.Length)]}");
        }
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
