using System.Text.Json.Nodes;

namespace OpenClaw.Gateway.Tests.Protocol;

public sealed class PairingTests
{
    private static JsonObject Browser(TestDevice device, string nonce, long ts, string? token = ProtocolGateway.Token, string? deviceToken = null) =>
        device.Connect(nonce, ts, clientId: "openclaw-control-ui", mode: "webchat", platform: "web", token: token, deviceToken: deviceToken);

    [Fact]
    public async Task An_unpaired_browser_gets_pairing_required_then_connects_after_approval_and_reconnects_with_its_device_token()
    {
        await using var gateway = await ProtocolGateway.StartAsync("nodes: { pairing: { autoApproveLocal: false } }");
        using var device = new TestDevice();
        var origin = $"http://127.0.0.1:{gateway.Port}";

        await using (var refused = await WsTestClient.ConnectAsync(gateway.WsUrl, (n, t) => Browser(device, n, t), origin))
        {
            var error = refused.ConnectResponse!["error"]!;
            Assert.Equal("NOT_PAIRED", (string?)error["code"]);
            Assert.Equal("PAIRING_REQUIRED", (string?)error["details"]!["code"]);
            Assert.Equal(device.Id, (string?)error["details"]!["deviceId"]);
            var (code, reason) = await refused.ClosedAsync();
            Assert.Equal(1008, code);
            Assert.StartsWith("pairing required", reason, StringComparison.Ordinal);
        }

        var pending = await File.ReadAllTextAsync(Path.Combine(gateway.Home.StateDir, "devices", "pending.json"), TestContext.Current.CancellationToken);
        var requestId = JsonNode.Parse(pending)!.AsObject().Single().Key;
        Assert.Equal(device.Id, (string?)JsonNode.Parse(pending)![requestId]!["deviceId"]);

        await using (var operatorClient = await gateway.ConnectCliAsync("operator.pairing"))
        {
            var list = (await operatorClient.CallAsync("device.pair.list"))["payload"]!;
            Assert.Equal(requestId, (string?)list["pending"]![0]!["requestId"]);
            var approved = await operatorClient.CallAsync("device.pair.approve", new JsonObject { ["requestId"] = requestId });
            Assert.True((bool)approved["ok"]!, approved.ToJsonString());
            Assert.Equal(device.Id, (string?)approved["payload"]!["device"]!["deviceId"]);
            Assert.DoesNotContain("\"token\"", approved.ToJsonString(), StringComparison.Ordinal);
        }

        string deviceToken;
        await using (var accepted = await WsTestClient.ConnectAsync(gateway.WsUrl, (n, t) => Browser(device, n, t), origin))
        {
            Assert.NotNull(accepted.Hello);
            deviceToken = (string)accepted.Hello["auth"]!["deviceToken"]!;
        }

        var paired = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(gateway.Home.StateDir, "devices", "paired.json"), TestContext.Current.CancellationToken))!;
        Assert.Equal(deviceToken, (string?)paired[device.Id]!["tokens"]!["operator"]!["token"]);
        Assert.Equal("owner", (string?)paired[device.Id]!["approvedVia"]);

        await using var withDeviceToken = await WsTestClient.ConnectAsync(gateway.WsUrl, (n, t) => Browser(device, n, t, token: null, deviceToken: deviceToken), origin);
        Assert.Equal("device-token", (string?)withDeviceToken.Hello!["auth"]!["method"]);
    }

    [Fact]
    public async Task A_loopback_device_is_approved_silently_by_default_and_a_revoked_token_is_refused()
    {
        await using var gateway = await ProtocolGateway.StartAsync();
        using var device = new TestDevice();

        string deviceToken;
        await using (var first = await WsTestClient.ConnectAsync(gateway.WsUrl, (n, t) => device.Connect(n, t, token: ProtocolGateway.Token)))
        {
            deviceToken = (string)first.Hello!["auth"]!["deviceToken"]!;
        }

        await using (var admin = await gateway.ConnectCliAsync("operator.pairing"))
        {
            var paired = (await admin.CallAsync("device.pair.list"))["payload"]!["paired"]!.AsArray();
            Assert.Equal("silent", (string?)paired.Single()!["approvedVia"]);
            var revoked = await admin.CallAsync("device.token.revoke", new JsonObject { ["deviceId"] = device.Id, ["role"] = "operator" });
            Assert.True((bool)revoked["ok"]!);
        }

        await using var refused = await WsTestClient.ConnectAsync(gateway.WsUrl, (n, t) => device.Connect(n, t, deviceToken: deviceToken));
        Assert.Equal("AUTH_DEVICE_TOKEN_MISMATCH", (string?)refused.ConnectResponse!["error"]!["details"]!["code"]);
        Assert.Equal((1008, "unauthorized: device token mismatch (rotate/reissue device token)"), await refused.ClosedAsync());
    }

    [Fact]
    public async Task Asking_for_more_scopes_than_approved_creates_an_upgrade_request()
    {
        await using var gateway = await ProtocolGateway.StartAsync("nodes: { pairing: { autoApproveLocal: false } }");
        using var device = new TestDevice();
        await using (var first = await WsTestClient.ConnectAsync(gateway.WsUrl, (n, t) => device.Connect(n, t, token: ProtocolGateway.Token)))
        {
            Assert.Equal("not-paired", (string?)first.ConnectResponse!["error"]!["details"]!["reason"]);
        }

        await using var admin = await gateway.ConnectCliAsync("operator.admin");
        var requestId = (string)(await admin.CallAsync("device.pair.list"))["payload"]!["pending"]![0]!["requestId"]!;
        await admin.CallAsync("device.pair.approve", new JsonObject { ["requestId"] = requestId });

        await using var upgrade = await WsTestClient.ConnectAsync(gateway.WsUrl, (n, t) => device.Connect(n, t, token: ProtocolGateway.Token, scopes: ["operator.read", "operator.write"]));

        var details = upgrade.ConnectResponse!["error"]!["details"]!;
        Assert.Equal("scope-upgrade", (string?)details["reason"]);
        Assert.Equal(["operator.read"], details["approvedScopes"]!.AsArray().Select(s => (string?)s));
        var pending = (await admin.CallAsync("device.pair.list"))["payload"]!["pending"]!.AsArray();
        Assert.True((bool)pending.Single()!["isRepair"]!);
    }

    [Fact]
    public async Task Rejecting_a_request_removes_it_and_approving_an_unknown_one_fails()
    {
        await using var gateway = await ProtocolGateway.StartAsync("nodes: { pairing: { autoApproveLocal: false } }");
        using var device = new TestDevice();
        await using (await WsTestClient.ConnectAsync(gateway.WsUrl, (n, t) => device.Connect(n, t, token: ProtocolGateway.Token)))
        {
        }

        await using var admin = await gateway.ConnectCliAsync("operator.pairing");
        var requestId = (string)(await admin.CallAsync("device.pair.list"))["payload"]!["pending"]![0]!["requestId"]!;
        var rejected = await admin.CallAsync("device.pair.reject", new JsonObject { ["requestId"] = requestId });
        var again = await admin.CallAsync("device.pair.approve", new JsonObject { ["requestId"] = requestId });

        Assert.Equal(device.Id, (string?)rejected["payload"]!["deviceId"]);
        Assert.Equal($"unknown requestId: {requestId}", (string?)again["error"]!["message"]);
        Assert.Empty((await admin.CallAsync("device.pair.list"))["payload"]!["pending"]!.AsArray());
    }
}
