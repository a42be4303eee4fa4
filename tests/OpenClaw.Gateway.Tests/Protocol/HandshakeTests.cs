using System.Text.Json.Nodes;

namespace OpenClaw.Gateway.Tests.Protocol;

public sealed class HandshakeTests
{
    [Fact]
    public async Task Challenge_then_connect_gives_hello_ok_with_the_granted_scopes_and_policy()
    {
        await using var gateway = await ProtocolGateway.StartAsync();
        await using var client = await gateway.ConnectCliAsync("operator.read");

        var challenge = client.Challenge!["payload"]!;
        Assert.False(string.IsNullOrEmpty((string?)challenge["nonce"]));
        Assert.True((long)challenge["ts"]! > 0);
        Assert.Null(client.Challenge["seq"]);

        var hello = client.Hello!;
        Assert.Equal("hello-ok", (string?)hello["type"]);
        Assert.Equal(4, (int)hello["protocol"]!);
        Assert.False(string.IsNullOrEmpty((string?)hello["server"]!["connId"]));
        Assert.Contains("health", hello["features"]!["methods"]!.AsArray().Select(m => (string?)m));
        Assert.Contains("chat", hello["features"]!["events"]!.AsArray().Select(m => (string?)m));
        Assert.Equal("token", (string?)hello["auth"]!["method"]);
        Assert.Equal(["operator.read"], hello["auth"]!["scopes"]!.AsArray().Select(s => (string?)s));
        Assert.Equal(26_214_400, (long)hello["policy"]!["maxPayload"]!);
        Assert.Equal(15_000, (int)hello["policy"]!["tickIntervalMs"]!);
        Assert.Equal("main", (string?)hello["snapshot"]!["health"]!["defaultAgentId"]);
        Assert.Equal("gateway", (string?)hello["snapshot"]!["presence"]![0]!["mode"]);
    }

    [Theory]
    [InlineData(3, 3, 3)]
    [InlineData(3, 4, 4)]
    [InlineData(4, 9, 4)]
    public async Task Protocol_versions_3_and_4_are_negotiated(int min, int max, int expected)
    {
        await using var gateway = await ProtocolGateway.StartAsync();
        await using var client = await WsTestClient.ConnectAsync(gateway.WsUrl, (_, _) => WsTestClient.CliConnect(ProtocolGateway.Token, ["operator.read"], min, max));

        Assert.Equal(expected, (int)client.Hello!["protocol"]!);
    }

    [Fact]
    public async Task A_version_outside_3_to_4_is_refused_with_protocol_mismatch_and_close_1002()
    {
        await using var gateway = await ProtocolGateway.StartAsync();
        await using var client = await WsTestClient.ConnectAsync(gateway.WsUrl, (_, _) => WsTestClient.CliConnect(ProtocolGateway.Token, ["operator.read"], 2, 2));

        var error = client.ConnectResponse!["error"]!;
        Assert.Equal("INVALID_REQUEST", (string?)error["code"]);
        Assert.Equal("protocol mismatch", (string?)error["message"]);
        Assert.Equal("PROTOCOL_MISMATCH", (string?)error["details"]!["code"]);
        Assert.Equal(4, (int)error["details"]!["expectedProtocol"]!);
        Assert.Equal((1002, "protocol mismatch"), await client.ClosedAsync());
    }

    [Fact]
    public async Task A_first_frame_that_is_not_connect_closes_with_invalid_handshake()
    {
        await using var gateway = await ProtocolGateway.StartAsync();
        await using var client = await WsTestClient.OpenAsync(gateway.WsUrl);

        await client.SendAsync(new JsonObject { ["type"] = "req", ["id"] = "x", ["method"] = "health", ["params"] = new JsonObject() });

        var response = await client.NextAsync(f => (string?)f["id"] == "x");
        Assert.Equal("invalid handshake: first request must be connect", (string?)response["error"]!["message"]);
        Assert.Equal((1008, "invalid handshake: first request must be connect"), await client.ClosedAsync());
    }

    [Fact]
    public async Task An_unknown_client_id_is_refused_naming_the_field()
    {
        await using var gateway = await ProtocolGateway.StartAsync();
        await using var client = await WsTestClient.ConnectAsync(gateway.WsUrl, (_, _) =>
        {
            var p = WsTestClient.CliConnect(ProtocolGateway.Token, ["operator.read"]);
            p["client"]!["id"] = "bogus";
            return p;
        });

        const string message = "invalid connect params: at /client/id: must be equal to one of the allowed values";
        Assert.Equal(message, (string?)client.ConnectResponse!["error"]!["message"]);
        Assert.Equal((1008, message), await client.ClosedAsync());
    }

    [Fact]
    public async Task A_pre_auth_frame_over_64_KiB_closes_with_1009()
    {
        await using var gateway = await ProtocolGateway.StartAsync();
        await using var client = await WsTestClient.OpenAsync(gateway.WsUrl);

        await client.SendAsync(new JsonObject { ["type"] = "req", ["id"] = "x", ["method"] = "connect", ["params"] = new JsonObject { ["pad"] = new string('x', 70_000) } });

        Assert.Equal(1009, (await client.ClosedAsync()).Code);
    }

    [Fact]
    public async Task Events_carry_a_per_connection_increasing_seq_and_ticks_arrive()
    {
        await using var gateway = await ProtocolGateway.StartAsync(settings: new Dictionary<string, string?> { ["gateway:protocol:TickIntervalMs"] = "200" });
        await using var first = await gateway.ConnectCliAsync("operator.read");
        await using var second = await gateway.ConnectCliAsync("operator.read");

        var seqs = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var tick = await first.NextAsync(f => (string?)f["event"] == "tick");
            Assert.True((long)tick["payload"]!["ts"]! > 0);
            seqs.Add((long)tick["seq"]!);
        }

        Assert.Equal(seqs.Order(), seqs);
        Assert.Equal(seqs.Count, seqs.Distinct().Count());
        Assert.Equal(seqs[0] + 1, seqs[1]);
        var other = await second.NextAsync(f => (string?)f["event"] == "tick");
        Assert.True((long)other["seq"]! >= 1);
    }
}
