using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OpenClaw.ControlUi.Tests.Infrastructure;

namespace OpenClaw.ControlUi.Tests.Browser;

/// <summary>Helpers shared by the browser tests: paired browsers, waiting for the link, screenshots.</summary>
public abstract partial class BrowserTestBase(ControlUiStack stack)
{
    protected static readonly TimeSpan Slow = TimeSpan.FromSeconds(45);
    private static readonly SemaphoreSlim PairLock = new(1, 1);

    protected ControlUiStack Stack { get; } = stack;

    protected static LocatorAssertionsToBeVisibleOptions Visible => new() { Timeout = (float)Slow.TotalMilliseconds };

    protected static LocatorAssertionsToContainTextOptions Contains => new() { Timeout = (float)Slow.TotalMilliseconds };

    /// <summary>Pairs a browser once (approving it with the CLI) and reuses its storage for later tests.</summary>
    protected async Task<IPage> PairedPageAsync(bool phone = false, string path = "")
    {
        await PairLock.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (Stack.PairedStorageState is null)
            {
                await using var context = await Stack.NewContextAsync();
                var page = await context.NewPageAsync();
                await page.GotoAsync($"{Stack.UiUrl}/#token={ControlUiStack.Token}");
                var requestId = await PendingRequestIdAsync(page);
                await Stack.ApproveAsync(requestId);
                await WaitConnectedAsync(page);
                Stack.PairedStorageState = await context.StorageStateAsync();
            }
        }
        finally
        {
            PairLock.Release();
        }

        var paired = await Stack.NewContextAsync(phone, Stack.PairedStorageState);
        var result = await paired.NewPageAsync();
        await result.GotoAsync($"{Stack.UiUrl}/{path}#token={ControlUiStack.Token}");
        await WaitConnectedAsync(result);
        return result;
    }

    /// <summary>Reads the request id from the approve command the pairing card shows.</summary>
    protected static async Task<string> PendingRequestIdAsync(IPage page)
    {
        var command = page.GetByTestId("approve-command").Locator("code");
        await Assertions.Expect(command).ToContainTextAsync(ApproveWithId(), Contains);
        var text = await command.InnerTextAsync();
        return ApproveWithId().Match(text).Groups[1].Value;
    }

    protected static async Task WaitConnectedAsync(IPage page) =>
        await Assertions.Expect(page.Locator("aside [data-testid=status-pill]")).ToHaveAttributeAsync("aria-label", "Gateway: Connected",
            new LocatorAssertionsToHaveAttributeOptions { Timeout = (float)Slow.TotalMilliseconds });

    protected static async Task ScreenshotAsync(IPage page, string name)
    {
        await page.WaitForTimeoutAsync(300); // let transitions and fonts settle before the picture
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.ScreenshotDir, $"{name}.png"), FullPage = false });
    }

    [GeneratedRegex(@"openclaw devices approve ([0-9a-fA-F-]{8,})")]
    private static partial Regex ApproveWithId();
}
