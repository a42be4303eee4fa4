using System.Text;
using System.Text.Json.Nodes;

namespace OpenClaw.Gateway.Tests.Protocol;

public sealed class MethodDispatchTests
{
    [Fact]
    public async Task An_unknown_method_is_an_invalid_request_naming_it()
    {
        await using var gateway = await ProtocolGateway.StartAsync();
        await using var client = await gateway.ConnectCliAsync(["operator.admin"]);

        var response = await client.CallAsync("nonexistent.method");

        Assert.False((bool)response["ok"]!);
        Assert.Equal("INVALID_REQUEST", (string?)response["error"]!["code"]);
        Assert.Equal("unknown method: nonexistent.method", (string?)response["error"]!["message"]);
    }

    [Fact]
    public async Task A_read_only_connection_cannot_write_and_gets_missing_scope()
    {
        await using var gateway = await ProtocolGateway.StartAsync();
        await using var client = await gateway.ConnectCliAsync("operator.read");

        var response = await client.CallAsync("chat.send", new JsonObject { ["sessionKey"] = "main", ["message"] = "hi", ["idempotencyKey"] = "k1" });

        var error = response["error"]!;
        Assert.Equal("FORBIDDEN", (string?)error["code"]);
        Assert.Equal("missing scope: operator.write", (string?)error["message"]);
        Assert.Equal("MISSING_SCOPE", (string?)error["details"]!["code"]);
        Assert.Equal("operator.write", (string?)error["details"]!["missingScope"]);
        var pairing = await client.CallAsync("device.pair.list");
        Assert.Equal("missing scope: operator.pairing", (string?)pairing["error"]!["message"]);
        var configWrite = await client.CallAsync("config.set", new JsonObject { ["raw"] = "{}" });
        Assert.Equal("missing scope: operator.admin", (string?)configWrite["error"]!["message"]);
    }

    [Fact]
    public async Task Malformed_frames_after_hello_get_an_error_and_the_connection_keeps_working()
    {
        await using var gateway = await ProtocolGateway.StartAsync();
        await using var client = await gateway.ConnectCliAsync("operator.read");

        await client.SendRawAsync(Encoding.UTF8.GetBytes("not json"));
        var notJson = await client.NextAsync(f => (string?)f["type"] == "res");
        await client.SendRawAsync(Encoding.UTF8.GetBytes("[1,2]"));
        var notObject = await client.NextAsync(f => (string?)f["type"] == "res");
        await client.SendRawAsync(Encoding.UTF8.GetBytes("""{"type":"req"}"""));
        var noId = await client.NextAsync(f => (string?)f["type"] == "res");

        Assert.Equal("invalid", (string?)notJson["id"]);
        Assert.StartsWith("invalid request frame", (string?)notJson["error"]!["message"], StringComparison.Ordinal);
        Assert.Equal("invalid request frame: must be object", (string?)notObject["error"]!["message"]);
        Assert.Contains("must have required property 'id'", (string?)noId["error"]!["message"], StringComparison.Ordinal);
        var health = await client.CallAsync("health");
        Assert.True((bool)health["ok"]!);
    }

    [Fact]
    public async Task A_frame_over_max_payload_closes_with_1009()
    {
        await using var gateway = await ProtocolGateway.StartAsync(settings: new Dictionary<string, string?> { ["gateway:protocol:MaxPayload"] = "100000" });
        await using var client = await gateway.ConnectCliAsync("operator.read");

        await client.SendAsync(new JsonObject { ["type"] = "req", ["id"] = "big", ["method"] = "health", ["params"] = new JsonObject { ["pad"] = new string('x', 200_000) } });

        Assert.Equal(1009, (await client.ClosedAsync()).Code);
    }

    [Fact]
    public async Task Health_answers_and_is_broadcast_as_a_health_event_with_state_version()
    {
        await using var gateway = await ProtocolGateway.StartAsync();
        await using var watcher = await gateway.ConnectCliAsync("operator.read");
        await using var caller = await gateway.ConnectCliAsync("operator.read");

        var response = await caller.CallAsync("health");
        var broadcast = await watcher.NextAsync(f => (string?)f["event"] == "health");

        Assert.True((bool)response["payload"]!["ok"]!);
        Assert.NotNull(response["payload"]!["sessions"]!["count"]);
        Assert.NotNull(broadcast["stateVersion"]!["health"]);
        Assert.True((long)broadcast["seq"]! >= 1);
    }

    [Fact]
    public async Task Status_presence_and_logs_tail_answer_with_upstream_fields()
    {
        await using var gateway = await ProtocolGateway.StartAsync();
        await using var client = await gateway.ConnectCliAsync("operator.read");

        var status = (await client.CallAsync("status"))["payload"]!;
        var presence = (await client.CallAsync("system-presence"))["payload"]!.AsArray();

        Assert.Equal("2026.9.6", (string?)status["runtimeVersion"]);
        Assert.NotNull(status["sessions"]!["byAgent"]);
        Assert.Equal("self", (string?)presence[0]!["reason"]);
        Assert.Equal("gateway", (string?)presence[0]!["mode"]);
        Assert.Contains("Gateway:", (string?)presence[0]!["text"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_tail_returns_the_last_lines_and_a_cursor_to_follow_from()
    {
        var logFile = Path.Combine(Path.GetTempPath(), $"openclaw-test-{Guid.NewGuid():N}.log");
        await File.WriteAllLinesAsync(logFile, ["one", "two", "three"], TestContext.Current.CancellationToken);
        try
        {
            await using var gateway = await ProtocolGateway.StartAsync(settings: new Dictionary<string, string?> { ["logging:file"] = logFile });
            await using var client = await gateway.ConnectCliAsync("operator.read");

            var first = (await client.CallAsync("logs.tail", new JsonObject { ["limit"] = 2 }))["payload"]!;
            await File.AppendAllLinesAsync(logFile, ["four"], TestContext.Current.CancellationToken);
            var next = (await client.CallAsync("logs.tail", new JsonObject { ["cursor"] = (long)first["cursor"]! }))["payload"]!;

            Assert.Equal(logFile, (string?)first["file"]);
            Assert.Equal(["two", "three"], first["lines"]!.AsArray().Select(l => (string?)l));
            Assert.Equal(["four"], next["lines"]!.AsArray().Select(l => (string?)l));
        }
        finally
        {
            File.Delete(logFile);
        }
    }
}
