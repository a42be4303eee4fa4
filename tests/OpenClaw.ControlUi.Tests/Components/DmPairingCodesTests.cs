using System.Text.Json;
using Bunit;
using OpenClaw.ControlUi.Components.Devices;
using OpenClaw.ControlUi.Devices;

namespace OpenClaw.ControlUi.Tests.Components;

public sealed class DmPairingCodesTests : BunitContext
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-23T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    // A pairing.list answer as the gateway sends it (upstream's files: ISO times, meta strings).
    private static DmPairingState State() => DmPairingState.Parse(JsonDocument.Parse("""
        {
          "requests": [
            { "channel": "telegram", "id": "111", "code": "ABCD2345", "createdAt": "2026-11-23T11:55:00.000Z", "lastSeenAt": "2026-11-23T11:58:00.000Z",
              "meta": { "accountId": "default", "username": "ada" } },
            { "channel": "discord", "id": "222", "code": "WXYZ6789", "createdAt": "2026-11-23T11:00:00.000Z", "meta": { "name": "Grace" } },
            { "channel": "discord", "code": "", "id": "broken" }
          ],
          "allowFrom": [ { "channel": "telegram", "accountId": "work", "id": "999" }, { "channel": "slack", "id": "U1" } ]
        }
        """).RootElement);

    [Fact]
    public void Pending_codes_and_approved_senders_are_listed_per_channel_with_who_asked_and_when()
    {
        var view = Render<DmPairingCodes>(p => p.Add(c => c.State, State()).Add(c => c.Now, Now));

        var requests = view.FindAll("[data-testid=dm-request]").Select(r => r.TextContent.ReplaceLineEndings(" ")).ToList();
        Assert.Equal(2, requests.Count);
        Assert.Contains("discord", requests[0], StringComparison.Ordinal);
        Assert.Contains("WXYZ6789", requests[0], StringComparison.Ordinal);
        Assert.Contains("from Grace", requests[0], StringComparison.Ordinal);
        Assert.Contains("asked 1h 0m ago", requests[0], StringComparison.Ordinal);
        Assert.Contains("from @ada", requests[1], StringComparison.Ordinal);
        Assert.Contains("account default", requests[1], StringComparison.Ordinal);
        Assert.Equal(2, view.FindAll("[data-testid=dm-approved]").Count);

        view.Find("select[aria-label='Filter by channel']").Change("telegram");

        Assert.Single(view.FindAll("[data-testid=dm-request]"));
        Assert.Contains("999", Assert.Single(view.FindAll("[data-testid=dm-approved]")).TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Approve_reject_and_revoke_call_back_with_the_channel_code_and_sender()
    {
        var calls = new List<string>();
        var view = Render<DmPairingCodes>(p => p.Add(c => c.State, State()).Add(c => c.Now, Now)
            .Add(c => c.OnApprove, (channel, code) => { calls.Add($"approve {channel} {code}"); return Task.CompletedTask; })
            .Add(c => c.OnReject, r => { calls.Add($"reject {r.Channel} {r.Code}"); return Task.CompletedTask; })
            .Add(c => c.OnRevoke, a => { calls.Add($"revoke {a.Channel} {a.Id} {a.AccountId}"); return Task.CompletedTask; }));

        view.Find("button[aria-label='Approve telegram code ABCD2345']").Click();
        view.Find("button[aria-label='Reject discord code WXYZ6789']").Click();
        view.Find("button[aria-label='Revoke telegram sender 999']").Click();

        Assert.Equal(["approve telegram ABCD2345", "reject discord WXYZ6789", "revoke telegram 999 work"], calls);
    }

    [Fact]
    public void A_typed_code_is_normalised_and_both_fields_are_required()
    {
        var approved = new List<string>();
        var view = Render<DmPairingCodes>(p => p.Add(c => c.State, DmPairingState.Empty)
            .Add(c => c.OnApprove, (channel, code) => { approved.Add($"{channel} {code}"); return Task.CompletedTask; }));

        view.Find("input[aria-label='Pairing code']").Change("abcd2345");
        view.Find("form").Submit();
        Assert.Equal("Name the channel the code came from (e.g. telegram).", view.Find("form [role=alert]").TextContent);

        view.Find("input[aria-label='Pairing channel']").Change(" Telegram ");
        view.Find("form").Submit();

        Assert.Equal(["telegram ABCD2345"], approved);
        Assert.Contains("No chat sender is waiting", view.Markup, StringComparison.Ordinal);
    }
}
