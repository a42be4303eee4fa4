using System.Text.Json;
using Microsoft.Extensions.Configuration;
using OpenClaw.ControlUi.Components.Pages;
using OpenClaw.ControlUi.Gateway;
using OpenClaw.GatewayClient;

namespace OpenClaw.ControlUi.Tests.Unit;

public sealed class GatewayPlumbingTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Service_discovery_url_wins_and_http_becomes_ws()
    {
        var endpoint = GatewayEndpoint.FromConfiguration(Config(("services:gateway:http:0", "http://127.0.0.1:19001"), ("Gateway:Url", "ws://10.0.0.1:1")));
        Assert.Equal("ws://127.0.0.1:19001/", endpoint.WebSocketUrl.ToString());
        Assert.Equal("services:gateway:http:0", endpoint.Source);
        Assert.Equal("wss://gw.example/", GatewayEndpoint.FromConfiguration(Config(("Gateway:Url", "https://gw.example"))).WebSocketUrl.ToString());
        Assert.Equal(GatewayEndpoint.DefaultUrl + "/", GatewayEndpoint.FromConfiguration(Config()).WebSocketUrl.ToString());
    }

    [Fact]
    public void A_bad_gateway_url_names_the_key()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => GatewayEndpoint.FromConfiguration(Config(("Gateway:Url", "ftp://x"))));
        Assert.StartsWith("Gateway:Url: 'ftp://x' is not a gateway URL", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Backoff_doubles_from_one_second_up_to_thirty()
    {
        var client = new ReconnectingGatewayClient(() => throw new InvalidOperationException());
        Assert.Equal([1, 2, 4, 8, 16, 30, 30], Enumerable.Range(1, 7).Select(a => client.BackoffFor(a).TotalSeconds));
    }

    [Fact]
    public void Disconnect_text_is_upstreams_code_and_short_reason()
    {
        var state = new GatewayLinkState(GatewayLinkStatus.Disconnected) { CloseCode = 1008, CloseReason = "pairing required: device is not approved yet (requestId: x)" };
        Assert.Equal("disconnected (1008): pairing required", state.DisconnectText);
        Assert.Equal("disconnected (1006): no reason", (state with { CloseCode = 1006, CloseReason = null }).DisconnectText);
    }

    [Fact]
    public void Config_issues_are_read_with_their_key_paths()
    {
        var details = JsonSerializer.SerializeToElement(new { issues = new[] { new { path = "gateway.prot", line = 2, message = "unknown key 'prot'", hint = "did you mean 'port'?" } } });
        var issues = OpenClaw.ControlUi.Components.Pages.Config.ParseIssues(new GatewayRequestException("INVALID_REQUEST", "invalid config", details, false));
        var issue = Assert.Single(issues);
        Assert.Equal(new OpenClaw.ControlUi.Components.Pages.Config.ConfigIssue("gateway.prot", 2, "unknown key 'prot'", "did you mean 'port'?"), issue);
    }

    [Fact]
    public void Json_log_lines_are_split_into_time_level_and_text()
    {
        var line = Logs.Parse("""{"time":"2026-11-23T14:00:01.123Z","level":"WARNING","subsystem":"gateway","msg":"slow model"}""");
        Assert.Equal(new Logs.LogLine("14:00:01", "warn", "[gateway] slow model"), line);
        Assert.Equal(new Logs.LogLine("", "info", "plain text"), Logs.Parse("plain text"));
    }
}
