using System.Text.Json.Nodes;

namespace OpenClaw.Gateway.Tests.Protocol;

/// <summary>Chat and agent runs over the protocol, against the fake OpenAI server (provider fake, model echo).</summary>
public sealed class ChatProtocolTests
{
    [Fact]
    public async Task Chat_send_acks_at_once_then_streams_deltas_and_a_final_and_repeats_answer_ok()
    {
        await using var gateway = await ProtocolGateway.StartAsync(withModel: true);
        await using var client = await gateway.ConnectCliAsync("operator.write");

        await client.SendAsync(new JsonObject
        {
            ["type"] = "req", ["id"] = "send-1", ["method"] = "chat.send",
            ["params"] = new JsonObject { ["sessionKey"] = "main", ["message"] = "hello there", ["idempotencyKey"] = "run-1" },
        });
        var frames = await client.CollectAsync(
            f => (string?)f["type"] == "res" && (string?)f["id"] == "send-1",
            f => (string?)f["event"] == "chat" && (string?)f["payload"]!["state"] == "delta",
            f => (string?)f["event"] == "chat" && (string?)f["payload"]!["state"] == "final");
        var (ack, delta, final) = (frames[0], frames[1], frames[2]);
        var repeat = await client.CallAsync("chat.send", new JsonObject { ["sessionKey"] = "main", ["message"] = "hello there", ["idempotencyKey"] = "run-1" });

        Assert.Equal("run-1", (string?)ack["payload"]!["runId"]);
        Assert.Equal("started", (string?)ack["payload"]!["status"]);
        Assert.Equal("agent:main:main", (string?)delta["payload"]!["sessionKey"]);
        Assert.False(string.IsNullOrEmpty((string?)delta["payload"]!["deltaText"]));
        Assert.Equal("echo: hello there", (string?)final["payload"]!["message"]!["content"]![0]!["text"]);
        Assert.Equal("stop", (string?)final["payload"]!["stopReason"]);
        Assert.Equal("ok", (string?)repeat["payload"]!["status"]);

        var history = (await client.CallAsync("chat.history", new JsonObject { ["sessionKey"] = "agent:main:main", ["limit"] = 5 }))["payload"]!;
        var messages = history["messages"]!.AsArray();
        Assert.Equal("hello there", (string?)messages[0]!["content"]);
        Assert.Equal("echo: hello there", (string?)messages[1]!["content"]![0]!["text"]);
    }

    [Fact]
    public async Task A_protocol_3_client_gets_cumulative_deltas_without_delta_text()
    {
        await using var gateway = await ProtocolGateway.StartAsync(withModel: true);
        await using var v3 = await WsTestClient.ConnectAsync(gateway.WsUrl, (_, _) => WsTestClient.CliConnect(ProtocolGateway.Token, ["operator.write"], 3, 3));

        await v3.SendAsync(new JsonObject
        {
            ["type"] = "req", ["id"] = "send-v3", ["method"] = "chat.send",
            ["params"] = new JsonObject { ["sessionKey"] = "main", ["message"] = "v3 please", ["idempotencyKey"] = "run-v3" },
        });
        var frames = await v3.CollectAsync(
            f => (string?)f["type"] == "res" && (string?)f["id"] == "send-v3",
            f => (string?)f["event"] == "chat" && (string?)f["payload"]!["state"] == "delta");
        var delta = frames[1];

        Assert.Null(delta["payload"]!["deltaText"]);
        Assert.StartsWith("echo", (string?)delta["payload"]!["message"]!["content"]![0]!["text"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_answers_accepted_then_the_final_result_on_the_same_request_id()
    {
        await using var gateway = await ProtocolGateway.StartAsync(withModel: true);
        await using var client = await gateway.ConnectCliAsync("operator.write");

        var accepted = await client.CallAsync("agent", new JsonObject { ["message"] = "agent turn", ["sessionKey"] = "agent:main:cap2", ["idempotencyKey"] = "cap-2" }, id: "agent-1");
        var final = await client.NextAsync(f => (string?)f["type"] == "res" && (string?)f["id"] == "agent-1");
        var lifecycle = await client.CallAsync("agent.wait", new JsonObject { ["runId"] = "cap-2", ["timeoutMs"] = 1000 });

        Assert.Equal("accepted", (string?)accepted["payload"]!["status"]);
        Assert.Equal("agent:main:cap2", (string?)accepted["payload"]!["sessionKey"]);
        Assert.Equal("ok", (string?)final["payload"]!["status"]);
        Assert.Equal("echo: agent turn", (string?)final["payload"]!["result"]!["payloads"]![0]!["text"]);
        Assert.Equal("ok", (string?)lifecycle["payload"]!["status"]);
    }

    [Fact]
    public async Task Sessions_can_be_listed_previewed_patched_reset_and_deleted()
    {
        await using var gateway = await ProtocolGateway.StartAsync(withModel: true);
        await using var client = await gateway.ConnectCliAsync("operator.write");
        await client.SendAsync(new JsonObject
        {
            ["type"] = "req", ["id"] = "send-s1", ["method"] = "chat.send",
            ["params"] = new JsonObject { ["sessionKey"] = "main", ["message"] = "remember me", ["idempotencyKey"] = "s-1" },
        });
        await client.CollectAsync(
            f => (string?)f["type"] == "res" && (string?)f["id"] == "send-s1",
            f => (string?)f["event"] == "chat" && (string?)f["payload"]!["state"] == "final");

        var list = (await client.CallAsync("sessions.list"))["payload"]!;
        var preview = (await client.CallAsync("sessions.preview", new JsonObject { ["keys"] = new JsonArray("agent:main:main", "agent:main:nope") }))["payload"]!;
        var patched = (await client.CallAsync("sessions.patch", new JsonObject { ["key"] = "agent:main:main", ["label"] = "captured" }))["payload"]!;
        var relisted = (await client.CallAsync("sessions.list"))["payload"]!;
        var reset = (await client.CallAsync("sessions.reset", new JsonObject { ["key"] = "agent:main:main" }))["payload"]!;
        var deleted = (await client.CallAsync("sessions.delete", new JsonObject { ["key"] = "agent:main:main" }))["payload"]!;
        var empty = (await client.CallAsync("sessions.list"))["payload"]!;

        Assert.Equal(1, (int)list["count"]!);
        Assert.Equal("agent:main:main", (string?)list["sessions"]![0]!["key"]);
        Assert.Equal("fake", (string?)list["defaults"]!["modelProvider"]);
        Assert.Equal("remember me", (string?)preview["previews"]![0]!["items"]![0]!["text"]);
        Assert.Equal("missing", (string?)preview["previews"]![1]!["status"]);
        Assert.True((bool)patched["ok"]!);
        Assert.Equal("captured", (string?)relisted["sessions"]![0]!["label"]);
        Assert.NotEqual((string?)list["sessions"]![0]!["sessionId"], (string?)reset["entry"]!["sessionId"]);
        Assert.True((bool)deleted["deleted"]!);
        Assert.Equal(0, (int)empty["count"]!);
    }

    [Fact]
    public async Task Config_get_redacts_secrets_and_config_patch_refuses_a_stale_hash()
    {
        await using var gateway = await ProtocolGateway.StartAsync(withModel: true);
        await using var client = await gateway.ConnectCliAsync("operator.admin");

        var snapshot = (await client.CallAsync("config.get"))["payload"]!;
        var stale = await client.CallAsync("config.patch", new JsonObject { ["raw"] = "{ gateway: { reload: { debounceMs: 500 } } }", ["baseHash"] = "stale" });
        var applied = await client.CallAsync("config.patch", new JsonObject { ["raw"] = "{ gateway: { reload: { debounceMs: 500 } } }", ["baseHash"] = (string)snapshot["hash"]! });
        var invalid = await client.CallAsync("config.set", new JsonObject { ["raw"] = "{ gateway: { prot: 1 } }", ["baseHash"] = (string?)applied["payload"]?["hash"] });
        var schema = (await client.CallAsync("config.schema"))["payload"]!;
        var models = (await client.CallAsync("models.list"))["payload"]!;

        Assert.DoesNotContain("test-key", snapshot.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("__OPENCLAW_REDACTED__", (string?)snapshot["raw"], StringComparison.Ordinal);
        Assert.Contains("config changed since last load", (string?)stale["error"]!["message"], StringComparison.Ordinal);
        Assert.True((bool)applied["ok"]!, applied.ToJsonString());
        Assert.Contains("gateway.prot", (string?)invalid["error"]!["message"], StringComparison.Ordinal);
        Assert.NotNull(schema["schema"]!["properties"]!["gateway"]!["properties"]!["port"]);
        Assert.Equal("echo", (string?)models["models"]![0]!["id"]);
        Assert.Equal("fake", (string?)models["models"]![0]!["provider"]);
    }
}
