using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using OpenClaw.Gateway.Protocol;

namespace OpenClaw.Gateway.Tests.Protocol;

/// <summary>
/// 100,000 random and mutated frames (wrong types, invalid UTF-8, binary, deep nesting, huge payloads,
/// byte-flipped requests, fuzzed connects) against a real gateway: every frame gets a clean error
/// response or a clean close, the gateway keeps answering, and memory and connections do not grow.
/// </summary>
/// <remarks>
/// Runs alone: its leak check reads the test process's managed heap, which tests running beside it would grow.
/// </remarks>
[Collection(MemoryMeasurementCollection.Name)]
public sealed class FuzzTests
{
    private const int TotalFrames = 100_000;
    private const int Workers = 8;
    private const int MaxPayload = 64 * 1024;
    private static readonly int[] CleanCloses = [1002, 1007, 1008, 1009];
    private static readonly string[] KnownCodes = ["INVALID_REQUEST", "FORBIDDEN", "UNAVAILABLE", "NOT_PAIRED", "AGENT_TIMEOUT"];

    [Fact]
    public async Task Hundred_thousand_random_and_mutated_frames_never_crash_the_gateway_or_leak()
    {
        await using var gateway = await ProtocolGateway.StartAsync(settings: new Dictionary<string, string?>
        {
            ["gateway:protocol:MaxPayload"] = MaxPayload.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var outcomes = new ConcurrentDictionary<string, int>();

        // Warm-up round, then the measured rounds: memory after must stay near memory after warm-up.
        await RunRoundAsync(gateway, TotalFrames / 10, seed: 1, outcomes);
        var baseline = SettledMemory();
        await RunRoundAsync(gateway, TotalFrames - TotalFrames / 10, seed: 2, outcomes);
        var after = SettledMemory();

        Assert.Equal(TotalFrames, outcomes.Values.Sum());
        Assert.True(outcomes.GetValueOrDefault("error") > TotalFrames / 2, string.Join(", ", outcomes));
        Assert.True(outcomes.GetValueOrDefault("close") > 0, string.Join(", ", outcomes));
        Assert.True(after - baseline < 64L * 1024 * 1024, $"managed memory grew by {(after - baseline) / 1024 / 1024} MB over 90,000 frames");
        var registry = gateway.Get<ConnectionRegistry>();
        await PollUntilAsync(() => registry.Count == 0, "every fuzz connection is released");
        await using var healthy = await gateway.ConnectCliAsync("operator.read");
        Assert.True((bool)(await healthy.CallAsync("health"))["ok"]!);
    }

    private static async Task RunRoundAsync(ProtocolGateway gateway, int frames, int seed, ConcurrentDictionary<string, int> outcomes)
    {
        var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(() => WorkerAsync(gateway, frames / Workers + (w < frames % Workers ? 1 : 0), seed * 100 + w, outcomes)));
        await Task.WhenAll(workers);
    }

    private static async Task WorkerAsync(ProtocolGateway gateway, int frames, int seed, ConcurrentDictionary<string, int> outcomes)
    {
        var random = new Random(seed);
        FuzzClient? client = null;
        try
        {
            for (var i = 0; i < frames; i++)
            {
                if (random.Next(100) < 2)
                {
                    // A fresh socket whose first frame is a fuzzed connect.
                    await using var fresh = await FuzzClient.OpenAsync(gateway.WsUrl);
                    var outcome = await fresh.ExchangeAsync(Mutate(ConnectTemplate(), random, random.Next(1, 4)), WebSocketMessageType.Text, preAuth: true);
                    outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
                    continue;
                }

                client ??= await FuzzClient.ConnectAsync(gateway.WsUrl);
                var (frame, type) = Generate(random);
                var result = await client.ExchangeAsync(frame, type, preAuth: false);
                outcomes.AddOrUpdate(result, 1, (_, n) => n + 1);
                if (result == "close")
                {
                    await client.DisposeAsync();
                    client = null;
                }
            }
        }
        finally
        {
            if (client is not null)
            {
                await client.DisposeAsync();
            }
        }
    }

    private static (byte[] Frame, WebSocketMessageType Type) Generate(Random random)
    {
        var kind = random.Next(1000);
        return kind switch
        {
            < 150 => (RandomBytes(random, random.Next(0, 200)), random.Next(4) == 0 ? WebSocketMessageType.Binary : WebSocketMessageType.Text),
            < 250 => (Encoding.UTF8.GetBytes(RandomAscii(random, random.Next(0, 120))), WebSocketMessageType.Text),
            < 450 => (Encoding.UTF8.GetBytes(WrongTypes(random)), WebSocketMessageType.Text),
            < 500 => (Encoding.UTF8.GetBytes(DeepNesting(random)), WebSocketMessageType.Text),
            < 503 => (Encoding.UTF8.GetBytes(HugeRequest(random)), WebSocketMessageType.Text),
            < 850 => (Mutate(RequestTemplate(random), random, random.Next(1, 6)), WebSocketMessageType.Text),
            _ => (Encoding.UTF8.GetBytes(RandomRequest(random)), WebSocketMessageType.Text),
        };
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string RandomAscii(Random random, int length) =>
        new(Enumerable.Range(0, length).Select(_ => (char)random.Next(32, 127)).ToArray());

    private static string RandomJsonValue(Random random, int depth = 0) => random.Next(depth > 2 ? 6 : 8) switch
    {
        0 => "null",
        1 => random.Next(2) == 0 ? "true" : "false",
        2 => random.Next(int.MinValue, int.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture),
        3 => "1e308",
        4 => JsonValue.Create(RandomAscii(random, random.Next(0, 20)))!.ToJsonString(),
        5 => "\"\\ud800\"",
        6 => "[" + string.Join(',', Enumerable.Range(0, random.Next(4)).Select(_ => RandomJsonValue(random, depth + 1))) + "]",
        _ => "{" + string.Join(',', Enumerable.Range(0, random.Next(4)).Select(i => $"\"k{i}\":{RandomJsonValue(random, depth + 1)}")) + "}",
    };

    private static string WrongTypes(Random random) =>
        $$"""{"type":{{(random.Next(3) == 0 ? "\"req\"" : RandomJsonValue(random))}},"id":{{RandomJsonValue(random)}},"method":{{(random.Next(3) == 0 ? "\"health\"" : RandomJsonValue(random))}},"params":{{RandomJsonValue(random)}}}""";

    private static string DeepNesting(Random random)
    {
        var depth = random.Next(65, 5000);
        return random.Next(2) == 0
            ? new string('[', depth) + new string(']', depth)
            : """{"type":"req","id":"deep","method":"health","params":""" + string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth + 1);
    }

    private static string HugeRequest(Random random) =>
        "{\"type\":\"req\",\"id\":\"huge\",\"method\":\"health\",\"params\":{\"pad\":\"" + new string('x', MaxPayload + random.Next(1, 100_000)) + "\"}}";

    private static readonly string[] Methods = ["health", "status", "system-presence", "logs.tail", "sessions.list", "chat.history", "models.list", "sessions.preview", "tools.catalog", "nope", "connect", "chat.send", "config.set"];

    private static string RequestTemplate(Random random) =>
        "{\"type\":\"req\",\"id\":\"" + random.Next() + "\",\"method\":\"" + Methods[random.Next(Methods.Length)]
        + "\",\"params\":{\"sessionKey\":\"main\",\"limit\":5,\"keys\":[\"main\"]}}";

    private static string RandomRequest(Random random) =>
        "{\"type\":\"req\",\"id\":" + JsonValue.Create(RandomAscii(random, random.Next(1, 10)))!.ToJsonString() + ",\"method\":"
        + JsonValue.Create(RandomAscii(random, random.Next(0, 30)))!.ToJsonString() + ",\"params\":" + RandomJsonValue(random) + "}";

    private static string ConnectTemplate() =>
        """{"type":"req","id":"c1","method":"connect","params":{"minProtocol":4,"maxProtocol":4,"client":{"id":"cli","version":"1","platform":"linux","mode":"cli"},"role":"operator","scopes":["operator.read"],"auth":{"token":"""
        + "\"" + ProtocolGateway.Token + "\"}}}";

    private static byte[] Mutate(string template, Random random, int mutations)
    {
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(template));
        for (var m = 0; m < mutations && bytes.Count > 0; m++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes.RemoveAt(at);
                    break;
                case 2:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                default:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(RandomJsonValue(random)));
                    break;
            }
        }

        return [.. bytes];
    }

    private static long SettledMemory()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static async Task PollUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>A minimal client: send one frame, then wait for a <c>res</c> or the close.</summary>
    private sealed class FuzzClient : IAsyncDisposable
    {
        private readonly ClientWebSocket _socket = new();
        private readonly Channel<JsonObject> _responses = Channel.CreateUnbounded<JsonObject>();
        private Task _loop = Task.CompletedTask;
        private string _last = "";

        private static bool IsUtf8(byte[] bytes)
        {
            try
            {
                _ = new UTF8Encoding(false, true).GetString(bytes);
                return true;
            }
            catch (DecoderFallbackException)
            {
                return false;
            }
        }

        public static async Task<FuzzClient> OpenAsync(Uri url)
        {
            var client = new FuzzClient();
            await client._socket.ConnectAsync(url, TestContext.Current.CancellationToken);
            client._loop = Task.Run(client.ReceiveAsync);
            return client;
        }

        public static async Task<FuzzClient> ConnectAsync(Uri url)
        {
            var client = await OpenAsync(url);
            var hello = await client.ExchangeAsync(Encoding.UTF8.GetBytes(ConnectTemplate()), WebSocketMessageType.Text, preAuth: true);
            Assert.Equal("ok", hello);
            return client;
        }

        /// <summary>"ok" / "error" for a well-formed response, "close" for a clean close; anything else fails the test.</summary>
        public async Task<string> ExchangeAsync(byte[] frame, WebSocketMessageType type, bool preAuth)
        {
            _last = $"{type} {frame.Length} bytes, valid UTF-8: {IsUtf8(frame)}: {Encoding.UTF8.GetString(frame[..Math.Min(frame.Length, 200)])}";
            try
            {
                await _socket.SendAsync(frame, type, true, TestContext.Current.CancellationToken);
            }
            catch (Exception ex) when (ex is WebSocketException or IOException)
            {
                return await ClosedAsync();
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            try
            {
                var response = await _responses.Reader.ReadAsync(timeout.Token);
                if ((bool?)response["ok"] == true)
                {
                    return "ok";
                }

                Assert.Contains((string?)response["error"]?["code"], KnownCodes);
                Assert.False(string.IsNullOrEmpty((string?)response["error"]?["message"]));
                if (preAuth)
                {
                    return await ClosedAsync();
                }

                return "error";
            }
            catch (ChannelClosedException)
            {
                return await ClosedAsync();
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                Assert.Fail($"no answer within 30 s (socket {_socket.State}) to {_last}");
                throw;
            }
        }

        private async Task<string> ClosedAsync()
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            var code = (int?)_socket.CloseStatus;
            Assert.True(code is not null && CleanCloses.Contains(code.Value), $"unclean close: {code} {_socket.CloseStatusDescription} state {_socket.State} after {_last}");
            return "close";
        }

        private async Task ReceiveAsync()
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
                        result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                        message.Write(buffer, 0, result.Count);
                    }
                    while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        break;
                    }

                    var frame = JsonNode.Parse(message.ToArray())!.AsObject();
                    if ((string?)frame["type"] == "res")
                    {
                        await _responses.Writer.WriteAsync(frame);
                    }
                }
            }
            catch (WebSocketException ex)
            {
                // the server dropped the connection; ClosedAsync judges the close status
                _last += $" [receive: {ex.Message}]";
            }
            finally
            {
                _responses.Writer.TryComplete();
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (_socket.State == WebSocketState.Open)
                {
                    using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", cts.Token);
                }
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // already closed
            }

            await Task.WhenAny(_loop, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
            _socket.Dispose();
        }
    }
}
