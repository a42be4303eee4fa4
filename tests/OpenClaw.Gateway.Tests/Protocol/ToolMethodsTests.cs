using System.Text.Json.Nodes;

namespace OpenClaw.Gateway.Tests.Protocol;

/// <summary><c>tools.catalog</c> and <c>tools.effective</c> over the WebSocket, in upstream's payload shapes.</summary>
public sealed class ToolMethodsTests
{
    private const string Agents = "agents: { list: [ { id: 'main' }, { id: 'reader', tools: { profile: 'minimal' } } ] },";

    [Fact]
    public async Task Tools_catalog_lists_the_tools_by_section_with_the_profiles_that_name_them()
    {
        await using var gateway = await ProtocolGateway.StartAsync(withTools: true);
        await using var client = await gateway.ConnectCliAsync("operator.read");

        var payload = (await client.CallAsync("tools.catalog"))["payload"]!;

        Assert.Equal("main", (string?)payload["agentId"]);
        Assert.Equal(["minimal", "coding", "messaging", "full"], payload["profiles"]!.AsArray().Select(p => (string?)p!["id"]));
        var groups = payload["groups"]!.AsArray().Select(g => g!.AsObject()).ToList();
        Assert.Equal(["fs", "runtime"], groups.Select(g => (string?)g["id"]).Take(2));
        var fs = groups.Single(g => (string?)g["id"] == "fs");
        Assert.Equal("Files", (string?)fs["label"]);
        Assert.Equal("core", (string?)fs["source"]);
        var read = fs["tools"]!.AsArray().Single(t => (string?)t!["id"] == "read")!;
        Assert.Equal("read", (string?)read["label"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)read["description"]));
        Assert.Equal(["coding"], read["defaultProfiles"]!.AsArray().Select(p => (string?)p));
        var exec = groups.Single(g => (string?)g["id"] == "runtime")["tools"]!.AsArray().Single(t => (string?)t!["id"] == "exec")!;
        Assert.Equal("core", (string?)exec["source"]);
        Assert.Contains(groups, g => (string?)g["id"] == "sessions");
    }

    [Fact]
    public async Task Tools_catalog_refuses_an_unknown_agent()
    {
        await using var gateway = await ProtocolGateway.StartAsync(withTools: true);
        await using var client = await gateway.ConnectCliAsync("operator.read");

        var error = (await client.CallAsync("tools.catalog", new JsonObject { ["agentId"] = "ghost" }))["error"]!;

        Assert.Equal("INVALID_REQUEST", (string?)error["code"]);
        Assert.Equal("unknown agent id \"ghost\"", (string?)error["message"]);
    }

    [Fact]
    public async Task Tools_effective_answers_what_the_session_can_use_now()
    {
        await using var gateway = await ProtocolGateway.StartAsync(extraJson5: Agents, withTools: true);
        await using var client = await gateway.ConnectCliAsync("operator.read");

        var main = (await client.CallAsync("tools.effective", new JsonObject { ["sessionKey"] = "agent:main:main" }))["payload"]!;
        var reader = (await client.CallAsync("tools.effective", new JsonObject { ["sessionKey"] = "agent:reader:main" }))["payload"]!;

        Assert.Equal("main", (string?)main["agentId"]);
        Assert.Equal("full", (string?)main["profile"]);
        var core = main["groups"]!.AsArray().Single()!;
        Assert.Equal("core", (string?)core["id"]);
        var tools = core["tools"]!.AsArray().Select(t => t!.AsObject()).ToList();
        Assert.Contains(tools, t => (string?)t["id"] == "exec");
        Assert.All(tools, t => Assert.NotNull(t["rawDescription"]));
        Assert.Equal("reader", (string?)reader["agentId"]);
        Assert.Equal("minimal", (string?)reader["profile"]);
        Assert.Equal(["session_status"], reader["groups"]!.AsArray().Single()!["tools"]!.AsArray().Select(t => (string?)t!["id"]));
    }

    [Fact]
    public async Task Tools_effective_needs_a_session_key_of_a_known_agent()
    {
        await using var gateway = await ProtocolGateway.StartAsync(extraJson5: Agents, withTools: true);
        await using var client = await gateway.ConnectCliAsync("operator.read");

        var missing = (await client.CallAsync("tools.effective"))["error"]!;
        var unknown = (await client.CallAsync("tools.effective", new JsonObject { ["sessionKey"] = "agent:ghost:main" }))["error"]!;
        var mismatch = (await client.CallAsync("tools.effective", new JsonObject { ["sessionKey"] = "agent:main:main", ["agentId"] = "reader" }))["error"]!;

        Assert.Equal("INVALID_REQUEST", (string?)missing["code"]);
        Assert.Contains("sessionKey", (string?)missing["message"], StringComparison.Ordinal);
        Assert.Equal("unknown agent id \"ghost\"", (string?)unknown["message"]);
        Assert.Contains("belongs to agent \"main\"", (string?)mismatch["message"], StringComparison.Ordinal);
    }
}
