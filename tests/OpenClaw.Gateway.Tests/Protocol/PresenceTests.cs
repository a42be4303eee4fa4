using System.Net;
using System.Text.Json.Nodes;
using OpenClaw.Gateway.Protocol;

namespace OpenClaw.Gateway.Tests.Protocol;

/// <summary>The presence list as the Control UI's Instances page and upstream's apps read it.</summary>
public sealed class PresenceTests
{
    [Fact]
    public async Task The_gateway_lists_itself_with_its_host_and_lan_address()
    {
        await using var gateway = await ProtocolGateway.StartAsync();
        await using var client = await gateway.ConnectCliAsync("operator.read");

        var self = (await client.CallAsync("system-presence"))["payload"]!.AsArray()[0]!;

        Assert.Equal(Dns.GetHostName(), (string?)self["host"]);
        Assert.Equal(GatewayHost.PrimaryLanIPv4()?.ToString() ?? Dns.GetHostName(), (string?)self["ip"]);
        Assert.StartsWith("linux ", (string?)self["platform"], StringComparison.Ordinal);
        Assert.Equal("Linux", (string?)self["deviceFamily"]);
        Assert.False(string.IsNullOrEmpty((string?)self["modelIdentifier"]));
        Assert.Equal("2026.9.6", (string?)self["version"]);
    }

    [Fact]
    public async Task An_app_is_listed_with_its_address_roles_and_scopes_and_stays_listed_as_disconnected()
    {
        await using var gateway = await ProtocolGateway.StartAsync();
        await using var watcher = await gateway.ConnectCliAsync("operator.read");
        using var device = new TestDevice();

        await using (var app = await WsTestClient.ConnectAsync(gateway.WsUrl,
            (n, t) => device.Connect(n, t, clientId: "openclaw-macos", mode: "ui", platform: "macos", scopes: ["operator.read", "operator.write"], token: ProtocolGateway.Token)))
        {
            Assert.True((bool?)app.ConnectResponse!["ok"]);
            var announced = await watcher.NextAsync(f => (string?)f["event"] == "presence" && Entry(f["payload"]!["presence"]!, device.Id) is not null);
            Assert.NotNull(announced["stateVersion"]!["presence"]);

            var entry = Entry((await watcher.CallAsync("system-presence"))["payload"]!, device.Id)!;
            Assert.Equal("127.0.0.1", (string?)entry["ip"]);
            Assert.Equal("openclaw-macos", (string?)entry["host"]);
            Assert.Equal("ui", (string?)entry["mode"]);
            Assert.Equal("1.0.0", (string?)entry["version"]);
            Assert.Equal("macos", (string?)entry["platform"]);
            Assert.Equal("connect", (string?)entry["reason"]);
            Assert.Equal(["operator"], entry["roles"]!.AsArray().Select(r => (string?)r));
            Assert.Equal(["operator.read", "operator.write"], entry["scopes"]!.AsArray().Select(s => (string?)s).Order());
            Assert.Equal(device.Id, (string?)entry["instanceId"]);
        }

        await watcher.NextAsync(f => (string?)f["event"] == "presence" && (string?)Entry(f["payload"]!["presence"]!, device.Id)?["reason"] == "disconnect");
        var listed = Entry((await watcher.CallAsync("system-presence"))["payload"]!, device.Id);
        Assert.Equal("disconnect", (string?)listed?["reason"]);
    }

    [Fact]
    public async Task A_system_event_beacon_reports_the_last_input_of_a_device()
    {
        await using var gateway = await ProtocolGateway.StartAsync();
        await using var writer = await gateway.ConnectCliAsync("operator.write");

        var explicitFields = await writer.CallAsync("system-event", new JsonObject
        {
            ["text"] = "Node: studio · mode ui",
            ["deviceId"] = "dev-1",
            ["host"] = "studio",
            ["mode"] = "ui",
            ["lastInputSeconds"] = 42,
            ["reason"] = "beacon",
        });
        await writer.CallAsync("system-event", new JsonObject
        {
            ["text"] = "Node: laptop (10.0.0.7) · app 2.0.0 · last input 5s ago · mode ui · reason periodic",
        });
        var presence = (await writer.CallAsync("system-presence"))["payload"]!.AsArray();
        var missingText = (await writer.CallAsync("system-event", new JsonObject { ["deviceId"] = "dev-1" }))["error"]!;

        Assert.True((bool?)explicitFields["payload"]!["ok"]);
        Assert.Equal(42, (int?)Entry(presence, "dev-1")!["lastInputSeconds"]);
        var parsed = presence.Single(e => (string?)e!["host"] == "laptop")!;
        Assert.Equal("10.0.0.7", (string?)parsed["ip"]);
        Assert.Equal("2.0.0", (string?)parsed["version"]);
        Assert.Equal(5, (int?)parsed["lastInputSeconds"]);
        Assert.Equal("periodic", (string?)parsed["reason"]);
        Assert.Equal("INVALID_REQUEST", (string?)missingText["code"]);
    }

    private static JsonNode? Entry(JsonNode presence, string deviceId) =>
        presence.AsArray().FirstOrDefault(e => (string?)e!["deviceId"] == deviceId);
}
