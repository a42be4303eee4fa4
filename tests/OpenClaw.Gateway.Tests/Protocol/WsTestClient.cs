using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using NSec.Cryptography;

namespace OpenClaw.Gateway.Tests.Protocol;

/// <summary>
/// A raw protocol client for tests: it speaks the wire format directly (its own JSON, its own Ed25519
/// signing) so the gateway is checked against the protocol, not against its own helper classes.
/// </summary>
public sealed class WsTestClient : IAsyncDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly Channel<JsonObject> _frames = Channel.CreateUnbounded<JsonObject>();
    private readonly Task _loop;

    private WsTestClient(ClientWebSocket socket)
    {
        Socket = socket;
        _loop = Task.Run(ReceiveLoopAsync);
    }

    public ClientWebSocket Socket { get; }

    public JsonObject? Challenge { get; private set; }

    public JsonObject? Hello { get; private set; }

    /// <summary>The answer to <c>connect</c> (ok or error).</summary>
    public JsonObject? ConnectResponse { get; private set; }

    public static async Task<WsTestClient> OpenAsync(Uri url, string? origin = null, IDictionary<string, string>? headers = null)
    {
        var socket = new ClientWebSocket();
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            socket.Options.SetRequestHeader(name, value);
        }

        await socket.ConnectAsync(url, TestContext.Current.CancellationToken);
        var client = new WsTestClient(socket);
        client.Challenge = await client.NextAsync(f => (string?)f["event"] == "connect.challenge");
        return client;
    }

    /// <summary>Opens, answers the challenge with <paramref name="connectParams"/>, and records the response.</summary>
    public static async Task<WsTestClient> ConnectAsync(Uri url, Func<string, long, JsonObject> connectParams, string? origin = null)
    {
        var client = await OpenAsync(url, origin);
        var nonce = (string)client.Challenge!["payload"]!["nonce"]!;
        var ts = (long)client.Challenge!["payload"]!["ts"]!;
        await client.SendAsync(new JsonObject { ["type"] = "req", ["id"] = "c1", ["method"] = "connect", ["params"] = connectParams(nonce, ts) });
        client.ConnectResponse = await client.NextAsync(f => (string?)f["id"] == "c1");
        if ((bool?)client.ConnectResponse["ok"] == true)
        {
            client.Hello = client.ConnectResponse["payload"]!.AsObject();
        }

        return client;
    }

    public static JsonObject CliConnect(string? token, IEnumerable<string> scopes, int min = 4, int max = 4) => new()
    {
        ["minProtocol"] = min,
        ["maxProtocol"] = max,
        ["client"] = new JsonObject { ["id"] = "cli", ["version"] = "2026.9.6", ["platform"] = "linux", ["deviceFamily"] = "Linux", ["mode"] = "cli" },
        ["caps"] = new JsonArray(),
        ["auth"] = token is null ? new JsonObject() : new JsonObject { ["token"] = token },
        ["role"] = "operator",
        ["scopes"] = new JsonArray([.. scopes.Select(s => (JsonNode)s)]),
    };

    public Task SendAsync(JsonObject frame) => SendRawAsync(Encoding.UTF8.GetBytes(frame.ToJsonString()));

    public Task SendRawAsync(byte[] bytes, WebSocketMessageType type = WebSocketMessageType.Text) =>
        Socket.SendAsync(bytes, type, true, TestContext.Current.CancellationToken);

    /// <summary>Sends a request and returns its (first) response.</summary>
    public async Task<JsonObject> CallAsync(string method, JsonObject? parameters = null, string? id = null)
    {
        id ??= Guid.NewGuid().ToString();
        await SendAsync(new JsonObject { ["type"] = "req", ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() });
        return await NextAsync(f => (string?)f["type"] == "res" && (string?)f["id"] == id);
    }

    /// <summary>
    /// The first frame matching each of <paramref name="matches"/>, whatever order they arrive in: a run's events
    /// may overtake the response of the request that started it.
    /// </summary>
    public async Task<JsonObject[]> CollectAsync(params Func<JsonObject, bool>[] matches)
    {
        var found = new JsonObject?[matches.Length];
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(Wait);
        while (found.Any(f => f is null))
        {
            var frame = await _frames.Reader.ReadAsync(cts.Token);
            for (var i = 0; i < matches.Length; i++)
            {
                if (found[i] is null && matches[i](frame))
                {
                    found[i] = frame;
                    break;
                }
            }
        }

        return [.. found.Select(f => f!)];
    }

    /// <summary>The next frame matching <paramref name="match"/>; frames skipped on the way are dropped.</summary>
    public async Task<JsonObject> NextAsync(Func<JsonObject, bool> match, TimeSpan? timeout = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout ?? Wait);
        while (true)
        {
            var frame = await _frames.Reader.ReadAsync(cts.Token);
            if (match(frame))
            {
                return frame;
            }
        }
    }

    /// <summary>Waits for the server's close; returns its code and reason.</summary>
    public async Task<(int? Code, string? Reason)> ClosedAsync()
    {
        await _loop.WaitAsync(Wait, TestContext.Current.CancellationToken);
        return ((int?)Socket.CloseStatus, Socket.CloseStatusDescription);
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[1 << 20];
        try
        {
            while (true)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await Socket.ReceiveAsync(buffer, CancellationToken.None);
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (Socket.State == WebSocketState.CloseReceived)
                    {
                        await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                    }

                    break;
                }

                if (JsonNode.Parse(message.ToArray()) is JsonObject frame)
                {
                    await _frames.Writer.WriteAsync(frame);
                }
            }
        }
        catch (WebSocketException)
        {
            // connection dropped
        }
        finally
        {
            _frames.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Socket.State == WebSocketState.Open)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", cts.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // already gone
        }

        await Task.WhenAny(_loop, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
        Socket.Dispose();
    }
}

/// <summary>An Ed25519 device key as a browser or app would hold it, signing upstream's v2/v3 payloads.</summary>
public sealed class TestDevice : IDisposable
{
    private readonly Key _key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });

    public byte[] RawPublicKey => _key.PublicKey.Export(KeyBlobFormat.RawPublicKey);

    public string Id => Convert.ToHexStringLower(SHA256.HashData(RawPublicKey));

    public string PublicKey => B64Url(RawPublicKey);

    public static string B64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public string Sign(string payload) => B64Url(SignatureAlgorithm.Ed25519.Sign(_key, Encoding.UTF8.GetBytes(payload)));

    /// <summary>Connect params of this device with a v3 signature; every part can be spoiled for negative tests.</summary>
    public JsonObject Connect(string nonce, long ts, string clientId = "cli", string mode = "cli", string platform = "linux",
        string[]? scopes = null, string? token = null, string? deviceToken = null, string? signedNonce = null, long? signedAt = null,
        string? claimedId = null, string version = "v3", bool spoilSignature = false)
    {
        scopes ??= ["operator.read"];
        var at = signedAt ?? ts;
        var sigNonce = signedNonce ?? nonce;
        var fields = new List<string> { version, claimedId ?? Id, clientId, mode, "operator", string.Join(',', scopes), at.ToString(System.Globalization.CultureInfo.InvariantCulture), token ?? deviceToken ?? "", sigNonce };
        if (version == "v3")
        {
            fields.Add(platform.ToLowerInvariant());
            fields.Add(clientId == "cli" ? "linux" : "");
        }

        var signature = Sign((spoilSignature ? "x" : "") + string.Join('|', fields));
        var auth = new JsonObject();
        if (token is not null)
        {
            auth["token"] = token;
        }

        if (deviceToken is not null)
        {
            auth["deviceToken"] = deviceToken;
        }

        var client = new JsonObject { ["id"] = clientId, ["version"] = "1.0.0", ["platform"] = platform, ["mode"] = mode };
        if (clientId == "cli")
        {
            client["deviceFamily"] = "Linux";
        }

        return new JsonObject
        {
            ["minProtocol"] = 4,
            ["maxProtocol"] = 4,
            ["client"] = client,
            ["role"] = "operator",
            ["scopes"] = new JsonArray([.. scopes.Select(s => (JsonNode)s)]),
            ["auth"] = auth,
            ["device"] = new JsonObject { ["id"] = claimedId ?? Id, ["publicKey"] = PublicKey, ["signature"] = signature, ["signedAt"] = at, ["nonce"] = sigNonce },
        };
    }

    public void Dispose() => _key.Dispose();
}
