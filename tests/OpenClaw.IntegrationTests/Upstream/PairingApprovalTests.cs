using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using NSec.Cryptography;
using OpenClaw.Testing;

namespace OpenClaw.IntegrationTests.Upstream;

/// <summary>
/// An unpaired browser-like client (Control UI identity, own Ed25519 key) is refused with 1008 "pairing
/// required"; `openclaw devices approve` (ours, then upstream's CLI for a second device) approves it, and
/// the client connects and receives its device token.
/// </summary>
[Collection("upstream")]
public sealed class PairingApprovalTests
{
    private const string Token = "it-token-pairing";

    [Fact]
    public async Task An_unpaired_browser_connects_after_openclaw_devices_approve()
    {
        using var home = new TempDir();
        using var cliHome = new TempDir();
        var port = FreePort.Next();
        await using var gateway = await OurBinaries.StartGatewayAsync(home.Path, port, Token, """
            { gateway: { mode: "local", auth: { mode: "token" }, nodes: { pairing: { autoApproveLocal: false } } } }
            """);
        using var browser = new BrowserDevice();

        var refused = await browser.ConnectAsync(port);
        Assert.Equal(1008, refused.CloseCode);
        Assert.StartsWith("pairing required", refused.CloseReason, StringComparison.Ordinal);
        var requestId = (string)refused.Response["error"]!["details"]!["requestId"]!;

        var approve = await OurBinaries.CliAsync(cliHome.Path, "devices", "approve", requestId, "--url", $"ws://127.0.0.1:{port}", "--token", Token);
        Assert.True(approve.ExitCode == 0, approve.Stdout + approve.Stderr);

        var accepted = await browser.ConnectAsync(port);
        Assert.True((bool)accepted.Response["ok"]!, accepted.Response.ToJsonString());
        Assert.False(string.IsNullOrEmpty((string?)accepted.Response["payload"]!["auth"]!["deviceToken"]));

        // The same with the real upstream CLI doing the approval.
        await UpstreamOpenClaw.EnsureInstalledAsync();
        using var second = new BrowserDevice();
        var secondRefused = await second.ConnectAsync(port);
        var secondRequest = (string)secondRefused.Response["error"]!["details"]!["requestId"]!;
        var upstreamApprove = await UpstreamOpenClaw.CliAsync(cliHome.Path, "devices", "approve", secondRequest, "--url", $"ws://127.0.0.1:{port}", "--token", Token, "--json");
        Assert.True(upstreamApprove.ExitCode == 0, upstreamApprove.Stdout + upstreamApprove.Stderr);
        Assert.Equal(second.Id, (string?)JsonNode.Parse(upstreamApprove.Stdout)!["device"]!["deviceId"]);
        Assert.True((bool)(await second.ConnectAsync(port)).Response["ok"]!);
    }

    /// <summary>A Control-UI-like client with its own key, signing upstream's v3 payload.</summary>
    private sealed class BrowserDevice : IDisposable
    {
        private readonly Key _key = Key.Create(SignatureAlgorithm.Ed25519);

        public string Id => Convert.ToHexStringLower(SHA256.HashData(_key.PublicKey.Export(KeyBlobFormat.RawPublicKey)));

        public async Task<(JsonObject Response, int? CloseCode, string? CloseReason)> ConnectAsync(int port)
        {
            using var socket = new ClientWebSocket();
            socket.Options.SetRequestHeader("Origin", $"http://127.0.0.1:{port}");
            await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}"), TestContext.Current.CancellationToken);
            var challenge = await ReceiveAsync(socket);
            var nonce = (string)challenge!["payload"]!["nonce"]!;
            var ts = (long)challenge["payload"]!["ts"]!;
            var payload = string.Join('|', "v3", Id, "openclaw-control-ui", "webchat", "operator", "operator.read,operator.write", ts, Token, nonce, "web", "");
            var signature = B64(SignatureAlgorithm.Ed25519.Sign(_key, Encoding.UTF8.GetBytes(payload)));
            var connect = new JsonObject
            {
                ["type"] = "req",
                ["id"] = "c1",
                ["method"] = "connect",
                ["params"] = new JsonObject
                {
                    ["minProtocol"] = 4,
                    ["maxProtocol"] = 4,
                    ["client"] = new JsonObject { ["id"] = "openclaw-control-ui", ["version"] = "1.0.0", ["platform"] = "web", ["mode"] = "webchat" },
                    ["role"] = "operator",
                    ["scopes"] = new JsonArray("operator.read", "operator.write"),
                    ["auth"] = new JsonObject { ["token"] = Token },
                    ["device"] = new JsonObject
                    {
                        ["id"] = Id,
                        ["publicKey"] = B64(_key.PublicKey.Export(KeyBlobFormat.RawPublicKey)),
                        ["signature"] = signature,
                        ["signedAt"] = ts,
                        ["nonce"] = nonce,
                    },
                },
            };
            await socket.SendAsync(Encoding.UTF8.GetBytes(connect.ToJsonString()), WebSocketMessageType.Text, true, TestContext.Current.CancellationToken);
            var response = await ReceiveAsync(socket) ?? throw new InvalidOperationException("no connect response");
            if ((bool)response["ok"]!)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", TestContext.Current.CancellationToken);
                return (response, null, null);
            }

            while (await ReceiveAsync(socket) is not null)
            {
                // read on until the close
            }

            return (response, (int?)socket.CloseStatus, socket.CloseStatusDescription);
        }

        private static async Task<JsonObject?> ReceiveAsync(ClientWebSocket socket)
        {
            var buffer = new byte[1 << 20];
            using var message = new MemoryStream();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    var frame = JsonNode.Parse(message.ToArray())!.AsObject();
                    if ((string?)frame["event"] is "tick" or "health" or "presence")
                    {
                        message.SetLength(0);
                        continue;
                    }

                    return frame;
                }
            }
        }

        private static string B64(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public void Dispose() => _key.Dispose();
    }
}
