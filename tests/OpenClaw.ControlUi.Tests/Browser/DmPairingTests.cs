using System.Globalization;
using Microsoft.Playwright;
using OpenClaw.ControlUi.Tests.Infrastructure;

namespace OpenClaw.ControlUi.Tests.Browser;

/// <summary>
/// DM pairing codes on the Devices page, over <c>pairing.list/approve/reject/revoke</c>, checked in upstream's files
/// (<c>credentials/telegram-pairing.json</c>, <c>credentials/telegram-allowFrom.json</c>) that the gateway keeps.
/// </summary>
[Collection(ControlUiStackCollection.Name)]
public sealed class DmPairingTests(ControlUiStack stack) : BrowserTestBase(stack)
{
    private string Credentials => Path.Combine(Stack.Home, ".openclaw", "credentials");

    [Fact]
    public async Task Pending_codes_are_approved_or_rejected_and_an_approved_sender_revoked()
    {
        // Two Telegram users wrote to the bot and got codes; one sender was approved earlier (as upstream writes them).
        var now = DateTimeOffset.UtcNow;
        string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        Directory.CreateDirectory(Credentials);
        await File.WriteAllTextAsync(Path.Combine(Credentials, "telegram-pairing.json"), $$"""
            { "version": 1, "requests": [
              { "id": "5550001", "code": "HJKM2345", "createdAt": "{{Iso(now.AddMinutes(-2))}}", "lastSeenAt": "{{Iso(now)}}", "meta": { "accountId": "default", "username": "ada" } },
              { "id": "5550002", "code": "PQRS6789", "createdAt": "{{Iso(now.AddMinutes(-5))}}", "lastSeenAt": "{{Iso(now)}}", "meta": { "accountId": "default", "firstName": "Grace" } }
            ] }
            """, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(Credentials, "telegram-allowFrom.json"), """{ "version": 1, "allowFrom": ["4440001"] }""", TestContext.Current.CancellationToken);

        var page = await PairedPageAsync(path: "devices");
        var section = page.GetByTestId("dm-pairing");
        await Assertions.Expect(section.GetByTestId("dm-request")).ToHaveCountAsync(2, new() { Timeout = (float)Slow.TotalMilliseconds });
        await Assertions.Expect(section.GetByTestId("dm-request").Filter(new() { HasText = "HJKM2345" })).ToContainTextAsync("from @ada", Contains);
        await Assertions.Expect(section.GetByTestId("dm-approved")).ToContainTextAsync("4440001", Contains);
        await ScreenshotAsync(page, "devices-dm-pairing-desktop");

        await section.GetByRole(AriaRole.Button, new() { Name = "Approve telegram code HJKM2345" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Approved telegram sender 5550001" })).ToBeVisibleAsync(Visible);
        await Assertions.Expect(section.GetByTestId("dm-approved").Filter(new() { HasText = "5550001" })).ToBeVisibleAsync(Visible);
        Assert.Contains("5550001", await ReadAsync("telegram-allowFrom.json"), StringComparison.Ordinal);
        Assert.DoesNotContain("HJKM2345", await ReadAsync("telegram-pairing.json"), StringComparison.Ordinal);

        await section.GetByRole(AriaRole.Button, new() { Name = "Reject telegram code PQRS6789" }).ClickAsync();
        await Assertions.Expect(section.GetByTestId("dm-request")).ToHaveCountAsync(0, new() { Timeout = (float)Slow.TotalMilliseconds });
        Assert.DoesNotContain("PQRS6789", await ReadAsync("telegram-pairing.json"), StringComparison.Ordinal);
        Assert.DoesNotContain("5550002", await ReadAsync("telegram-allowFrom.json"), StringComparison.Ordinal);

        await section.GetByRole(AriaRole.Button, new() { Name = "Revoke telegram sender 4440001" }).ClickAsync();
        await Assertions.Expect(section.GetByTestId("dm-approved").Filter(new() { HasText = "4440001" })).ToHaveCountAsync(0, new() { Timeout = (float)Slow.TotalMilliseconds });
        Assert.DoesNotContain("4440001", await ReadAsync("telegram-allowFrom.json"), StringComparison.Ordinal);

        // A code nobody was given is refused with the gateway's message, naming it.
        await section.GetByLabel("Pairing channel").FillAsync("telegram");
        await section.GetByLabel("Pairing code").FillAsync("zzzz9999");
        await section.GetByRole(AriaRole.Button, new() { Name = "Approve code" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "ZZZZ9999" })).ToBeVisibleAsync(Visible);
        await page.Context.CloseAsync();

        var phone = await PairedPageAsync(phone: true, path: "devices");
        await Assertions.Expect(phone.GetByTestId("dm-approved").Filter(new() { HasText = "5550001" })).ToBeVisibleAsync(Visible);
        Assert.False(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), "the Devices page scrolls sideways at phone width");
        await ScreenshotAsync(phone, "devices-dm-pairing-phone");
        await phone.Context.CloseAsync();
    }

    private Task<string> ReadAsync(string file) => File.ReadAllTextAsync(Path.Combine(Credentials, file), TestContext.Current.CancellationToken);
}
