using Microsoft.Playwright;
using OpenClaw.ControlUi.Tests.Infrastructure;

namespace OpenClaw.ControlUi.Tests.Browser;

[Collection(ControlUiStackCollection.Name)]
public sealed class ConnectFlowTests(ControlUiStack stack) : BrowserTestBase(stack)
{
    [Fact]
    public async Task New_browser_goes_from_token_prompt_through_pairing_to_connected()
    {
        await using var context = await Stack.NewContextAsync();
        var page = await context.NewPageAsync();

        // First visit without a token: upstream's prompt, with the commands that print one.
        await page.GotoAsync(Stack.UiUrl);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "This Gateway expects its token" })).ToBeVisibleAsync(Visible);
        await Assertions.Expect(page.GetByText("openclaw dashboard --no-open")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "connect-token-prompt-desktop");

        // A wrong token: the gateway's refusal, as upstream prints it.
        await page.GetByLabel("Gateway secret").FillAsync("not-the-token");
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("connect-error")).ToContainTextAsync("disconnected (1008): unauthorized: gateway token mismatch", Contains);
        await ScreenshotAsync(page, "connect-wrong-token-desktop");

        // The right token on a browser the gateway has never seen: pairing required, with the exact command.
        await page.GetByLabel("Gateway secret").FillAsync(ControlUiStack.Token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Approve this browser" })).ToBeVisibleAsync(Visible);
        await Assertions.Expect(page.GetByTestId("connect-error")).ToContainTextAsync("disconnected (1008): pairing required");
        var requestId = await PendingRequestIdAsync(page);
        await ScreenshotAsync(page, "connect-pairing-required-desktop");

        // Approved with the real CLI; the page connects by itself.
        TestContext.Current.SendDiagnosticMessage(await Stack.ApproveAsync(requestId));
        await WaitConnectedAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Exact = true })).ToBeVisibleAsync(Visible);
        await Assertions.Expect(page.GetByTestId("health")).ToHaveTextAsync("OK", new() { Timeout = (float)Slow.TotalMilliseconds });

        // The device now shows as paired, and it is this browser.
        await page.GetByRole(AriaRole.Link, new() { Name = "Devices & pairing" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("paired-device").Filter(new() { HasText = "this browser" })).ToBeVisibleAsync(Visible);
    }

    [Fact]
    public async Task Tokenized_url_fragment_is_used_and_stripped_from_the_address_bar()
    {
        await using var context = await Stack.NewContextAsync(phone: true);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{Stack.UiUrl}/#token={ControlUiStack.Token}");

        // The token was accepted (we are past the token prompt, at pairing), and it no longer shows in the URL.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Approve this browser" })).ToBeVisibleAsync(Visible);
        Assert.DoesNotContain(ControlUiStack.Token, page.Url, StringComparison.Ordinal);
        await ScreenshotAsync(page, "connect-pairing-required-phone");

        await using var fresh = await Stack.NewContextAsync(phone: true);
        var prompt = await fresh.NewPageAsync();
        await prompt.GotoAsync(Stack.UiUrl);
        await Assertions.Expect(prompt.GetByRole(AriaRole.Heading, new() { Name = "This Gateway expects its token" })).ToBeVisibleAsync(Visible);
        await ScreenshotAsync(prompt, "connect-token-prompt-phone");
    }
}
