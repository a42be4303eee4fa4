using Bunit;
using Microsoft.Extensions.DependencyInjection;
using OpenClaw.ControlUi.Components.Shared;
using OpenClaw.ControlUi.Gateway;
using OpenClaw.GatewayClient;

namespace OpenClaw.ControlUi.Tests.Components;

public sealed class ConnectGateTests : BunitContext
{
    public ConnectGateTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddScoped<BrowserStorage>();
    }

    [Fact]
    public void Pairing_required_shows_upstreams_disconnect_text_and_the_exact_approve_command()
    {
        var state = new GatewayLinkState(GatewayLinkStatus.Disconnected)
        {
            CloseCode = 1008,
            CloseReason = "pairing required",
            DetailCode = "PAIRING_REQUIRED",
            PairingRequestId = "5d1c0b3e-1111-4222-8333-944455556666",
            DeviceId = new string('a', 64),
        };

        var gate = Render<ConnectGate>(p => p.Add(g => g.State, state).Add(g => g.GatewayDisplay, "127.0.0.1:18789"));

        Assert.Equal("Approve this browser", gate.Find("h1").TextContent);
        Assert.Equal("disconnected (1008): pairing required", gate.Find("[data-testid=connect-error]").TextContent.Trim());
        Assert.Equal("openclaw devices approve 5d1c0b3e-1111-4222-8333-944455556666", gate.Find("[data-testid=approve-command] code").TextContent);
    }

    [Fact]
    public void Pairing_state_stays_while_the_client_retries()
    {
        var retrying = new GatewayLinkState(GatewayLinkStatus.Connecting) { DetailCode = "PAIRING_REQUIRED", CloseCode = 1008, CloseReason = "pairing required" };
        Assert.Equal(ConnectGate.GateMode.PairingRequired, ConnectGate.ModeFor(retrying));
    }

    [Fact]
    public void Wrong_token_shows_the_gateways_refusal_and_connect_sends_the_trimmed_secret()
    {
        const string refusal = "unauthorized: gateway token mismatch (open the dashboard URL and paste the token in Control UI settings)";
        var state = new GatewayLinkState(GatewayLinkStatus.AuthFailed) { CloseCode = 1008, CloseReason = refusal, Error = refusal, DetailCode = "AUTH_TOKEN_MISMATCH" };
        string? sent = null;

        var gate = Render<ConnectGate>(p => p.Add(g => g.State, state).Add(g => g.OnConnect, (string s) => sent = s));

        Assert.Equal("This Gateway expects its token", gate.Find("h1").TextContent);
        Assert.Equal($"disconnected (1008): {refusal}", gate.Find("[data-testid=connect-error]").TextContent.Trim());
        Assert.True(gate.Find("button[type=submit]").HasAttribute("disabled"));
        gate.Find("#gateway-secret").Input("  the-real-token  ");
        gate.Find("form").Submit();
        Assert.Equal("the-real-token", sent);
    }

    [Fact]
    public void First_visit_without_a_token_prompts_without_an_error_banner()
    {
        var state = new GatewayLinkState(GatewayLinkStatus.AuthFailed) { CloseCode = 1008, DetailCode = "AUTH_TOKEN_MISSING", Error = "unauthorized: gateway token missing" };

        var gate = Render<ConnectGate>(p => p.Add(g => g.State, state));

        Assert.Equal("This Gateway expects its token", gate.Find("h1").TextContent);
        Assert.Empty(gate.FindAll("[data-testid=connect-error]"));
        Assert.Contains("openclaw dashboard --no-open", gate.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreachable_gateway_shows_the_close_text_and_retry_now_reconnects()
    {
        var retried = false;
        var state = new GatewayLinkState(GatewayLinkStatus.Disconnected) { Error = "Gateway not reachable at ws://127.0.0.1:1/ (Connection refused).", RetryAt = DateTimeOffset.UtcNow.AddSeconds(8) };

        var gate = Render<ConnectGate>(p => p.Add(g => g.State, state).Add(g => g.OnRetry, () => retried = true));

        Assert.Equal("Gateway not reachable", gate.Find("h1").TextContent);
        Assert.Contains("Connection refused", gate.Find("[data-testid=connect-error]").TextContent, StringComparison.Ordinal);
        Assert.Matches(@"Retrying in \d+s", gate.Find(".waiting").TextContent);
        gate.Find("button.btn").Click();
        Assert.True(retried);
    }
}
