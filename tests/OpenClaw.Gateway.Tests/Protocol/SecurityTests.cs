using System.Text.Json.Nodes;

namespace OpenClaw.Gateway.Tests.Protocol;

/// <summary>Refusals carry upstream's codes, messages and close reasons (recorded from the real gateway).</summary>
public sealed class SecurityTests
{
    private const string MismatchText = "unauthorized: gateway token mismatch (use this gateway's gateway.auth.token or pair the device)";

    [Fact]
    public async Task A_wrong_token_is_refused_with_token_mismatch_and_close_1008()
    {
        await using var gateway = await ProtocolGateway.StartAsync();
        await using var client = await WsTestClient.ConnectAsync(gateway.WsUrl, (_, _) => WsTestClient.CliConnect("WRONG", ["operator.read"]));

        var error = client.ConnectResponse!["error"]!;
        Assert.Equal("INVALID_REQUEST", (string?)error["code"]);
        Assert.Equal(MismatchText, (string?)error["message"]);
        Assert.Equal("AUTH_TOKEN_MISMATCH", (string?)error["details"]!["code"]);
        Assert.Equal("token_mismatch", (string?)error["details"]!["authReason"]);
        Assert.Equal("update_auth_credentials", (string?)error["details"]!["recommendedNextStep"]);
        Assert.False((bool)error["details"]!["canRetryWithDeviceToken"]!);
        Assert.Equal((1008, MismatchText), await client.ClosedAsync());
    }

    [Fact]
    public async Task A_missing_token_without_a_device_needs_a_device_identity()
    {
        await using var gateway = await ProtocolGateway.StartAsync();
        await using var client = await WsTestClient.ConnectAsync(gateway.WsUrl, (_, _) => WsTestClient.CliConnect(null, ["operator.read"]));

        var error = client.ConnectResponse!["error"]!;
        Assert.Equal("NOT_PAIRED", (string?)error["code"]);
        Assert.Equal("DEVICE_IDENTITY_REQUIRED", (string?)error["details"]!["code"]);
        Assert.Equal((1008, "device identity required"), await client.ClosedAsync());
    }

    [Fact]
    public async Task A_device_without_a_token_is_refused_with_token_missing()
    {
        await using var gateway = await ProtocolGateway.StartAsync();
        using var device = new TestDevice();
        await using var client = await WsTestClient.ConnectAsync(gateway.WsUrl, (nonce, ts) => device.Connect(nonce, ts));

        var error = client.ConnectResponse!["error"]!;
        Assert.Equal("AUTH_TOKEN_MISSING", (string?)error["details"]!["code"]);
        Assert.Equal("unauthorized: gateway token missing (use this gateway's gateway.auth.token or pair the device)", (await client.ClosedAsync()).Reason);
    }

    [Theory]
    [InlineData("bad-signature", "DEVICE_AUTH_SIGNATURE_INVALID", "device signature invalid")]
    [InlineData("wrong-device-id", "DEVICE_AUTH_DEVICE_ID_MISMATCH", "device identity mismatch")]
    [InlineData("stale-timestamp", "DEVICE_AUTH_SIGNATURE_EXPIRED", "device signature expired")]
    [InlineData("replayed-nonce", "DEVICE_AUTH_NONCE_MISMATCH", "device nonce mismatch")]
    public async Task A_bad_device_proof_is_refused_with_its_detail_code(string spoil, string code, string reason)
    {
        await using var gateway = await ProtocolGateway.StartAsync();
        using var device = new TestDevice();
        // The nonce of an earlier connection, as a replayed (captured) connect would carry.
        string? earlierNonce = null;
        if (spoil == "replayed-nonce")
        {
            await using var earlier = await WsTestClient.OpenAsync(gateway.WsUrl);
            earlierNonce = (string?)earlier.Challenge!["payload"]!["nonce"];
        }

        await using var client = await WsTestClient.ConnectAsync(gateway.WsUrl, (nonce, ts) => spoil switch
        {
            "bad-signature" => device.Connect(nonce, ts, token: ProtocolGateway.Token, spoilSignature: true),
            "wrong-device-id" => device.Connect(nonce, ts, token: ProtocolGateway.Token, claimedId: new string('a', 64)),
            "stale-timestamp" => device.Connect(nonce, ts, token: ProtocolGateway.Token, signedAt: ts - 3_600_000),
            _ => device.Connect(nonce, ts, token: ProtocolGateway.Token, signedNonce: earlierNonce),
        });

        var error = client.ConnectResponse!["error"]!;
        Assert.Equal(code, (string?)error["details"]!["code"]);
        Assert.Equal(reason, (string?)error["message"]);
        Assert.Equal((1008, reason), await client.ClosedAsync());
    }

    [Fact]
    public async Task A_valid_v2_signature_is_still_accepted()
    {
        await using var gateway = await ProtocolGateway.StartAsync();
        using var device = new TestDevice();
        await using var client = await WsTestClient.ConnectAsync(gateway.WsUrl, (nonce, ts) => device.Connect(nonce, ts, token: ProtocolGateway.Token, version: "v2"));

        Assert.NotNull(client.Hello);
        Assert.False(string.IsNullOrEmpty((string?)client.Hello["auth"]!["deviceToken"]));
    }

    [Fact]
    public async Task A_browser_from_a_foreign_origin_is_refused()
    {
        await using var gateway = await ProtocolGateway.StartAsync();
        await using var client = await WsTestClient.ConnectAsync(gateway.WsUrl, (_, _) =>
        {
            var p = WsTestClient.CliConnect(ProtocolGateway.Token, ["operator.read"]);
            p["client"] = new JsonObject { ["id"] = "openclaw-control-ui", ["version"] = "1", ["platform"] = "web", ["mode"] = "webchat" };
            return p;
        }, origin: "http://evil.example");

        const string reason = "origin not allowed (open the Control UI from the gateway host or allow it in gateway.controlUi.allowedOrigins)";
        Assert.Equal("CONTROL_UI_ORIGIN_NOT_ALLOWED", (string?)client.ConnectResponse!["error"]!["details"]!["code"]);
        Assert.Equal((1008, reason), await client.ClosedAsync());
    }

    [Fact]
    public async Task A_browser_without_a_device_identity_is_refused()
    {
        await using var gateway = await ProtocolGateway.StartAsync();
        await using var client = await WsTestClient.ConnectAsync(gateway.WsUrl, (_, _) =>
        {
            var p = WsTestClient.CliConnect(ProtocolGateway.Token, ["operator.read"]);
            p["client"] = new JsonObject { ["id"] = "openclaw-control-ui", ["version"] = "1", ["platform"] = "web", ["mode"] = "webchat" };
            return p;
        }, origin: $"http://127.0.0.1:{gateway.Port}");

        Assert.Equal((1008, "control ui requires device identity (use HTTPS or localhost secure context)"), await client.ClosedAsync());
    }

    [Fact]
    public async Task The_eleventh_failed_attempt_inside_a_minute_is_rate_limited_even_with_the_right_token()
    {
        await using var gateway = await ProtocolGateway.StartAsync("auth: { mode: \"token\", rateLimit: { exemptLoopback: false } }");
        for (var i = 0; i < 10; i++)
        {
            await using var wrong = await WsTestClient.ConnectAsync(gateway.WsUrl, (_, _) => WsTestClient.CliConnect("WRONG", ["operator.read"]));
            Assert.Equal("AUTH_TOKEN_MISMATCH", (string?)wrong.ConnectResponse!["error"]!["details"]!["code"]);
        }

        await using var eleventh = await WsTestClient.ConnectAsync(gateway.WsUrl, (_, _) => WsTestClient.CliConnect(ProtocolGateway.Token, ["operator.read"]));

        const string reason = "unauthorized: too many failed authentication attempts (retry later)";
        Assert.Equal(reason, (string?)eleventh.ConnectResponse!["error"]!["message"]);
        Assert.True((long)eleventh.ConnectResponse!["error"]!["retryAfterMs"]! > 0);
        Assert.Equal((1008, reason), await eleventh.ClosedAsync());
    }

    [Fact]
    public async Task Pairing_events_reach_only_connections_with_the_pairing_scope()
    {
        await using var gateway = await ProtocolGateway.StartAsync("nodes: { pairing: { autoApproveLocal: false } }");
        await using var reader = await gateway.ConnectCliAsync("operator.read");
        await using var pairer = await gateway.ConnectCliAsync("operator.pairing", "operator.read");
        using var device = new TestDevice();

        await using var unpaired = await WsTestClient.ConnectAsync(gateway.WsUrl, (nonce, ts) => device.Connect(nonce, ts, token: ProtocolGateway.Token));

        var requested = await pairer.NextAsync(f => (string?)f["event"] == "device.pair.requested");
        Assert.Equal(device.Id, (string?)requested["payload"]!["deviceId"]);
        // The read-only connection sees the later health broadcast, but never the pairing request before it.
        await pairer.CallAsync("health");
        var seen = await reader.NextAsync(f => (string?)f["event"] is "health" or "device.pair.requested");
        Assert.Equal("health", (string?)seen["event"]);
    }
}
