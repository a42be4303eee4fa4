using Microsoft.Playwright;
using OpenClaw.ControlUi.Tests.Infrastructure;

namespace OpenClaw.ControlUi.Tests.Browser;

[Collection(ControlUiStackCollection.Name)]
public sealed class ReconnectTests(ControlUiStack stack) : BrowserTestBase(stack)
{
    [Fact]
    public async Task A_lost_gateway_shows_code_and_reason_and_the_page_reconnects_when_it_is_back()
    {
        var page = await PairedPageAsync(path: "sessions");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sessions", Exact = true })).ToBeVisibleAsync(Visible);

        await Stack.KillGatewayAsync();
        try
        {
            var banner = page.GetByTestId("disconnect-banner");
            await Assertions.Expect(banner).ToContainTextAsync("disconnected (1006): connection lost", Contains);
            // Further attempts fail while it is down; the banner says so and counts down to the next try.
            await Assertions.Expect(banner).ToContainTextAsync("reconnecting in", Contains);
            await ScreenshotAsync(page, "reconnect-banner-desktop");
        }
        finally
        {
            await Stack.StartGatewayAgainAsync();
        }

        // Backoff is at most 30 s; the stored device token lets the browser back in without approval.
        await Assertions.Expect(page.GetByTestId("disconnect-banner")).ToBeHiddenAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("aside [data-testid=status-pill]")).ToHaveAttributeAsync("aria-label", "Gateway: Connected",
            new() { Timeout = 60_000 });
        await page.Context.CloseAsync();
    }
}
