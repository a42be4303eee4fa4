using Microsoft.Playwright;
using OpenClaw.ControlUi.Tests.Infrastructure;
using OpenClaw.Fakes.Models;

namespace OpenClaw.ControlUi.Tests.Browser;

[Collection(ControlUiStackCollection.Name)]
public sealed class OperatorPageTests(ControlUiStack stack) : BrowserTestBase(stack)
{
    [Fact]
    public async Task Config_with_an_unknown_key_is_refused_with_its_key_path_and_the_file_is_untouched()
    {
        var page = await PairedPageAsync(path: "config");
        var editor = page.GetByLabel("Config (JSON5)");
        await Assertions.Expect(editor).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("fakeai"), new() { Timeout = (float)Slow.TotalMilliseconds });
        var before = await File.ReadAllTextAsync(Stack.ConfigPath, TestContext.Current.CancellationToken);

        var edited = (await editor.InputValueAsync()).Replace("mode: 'local'", "mode: 'local', prot: 18789", StringComparison.Ordinal);
        await editor.FillAsync(edited);
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();

        var issues = page.GetByTestId("config-issues");
        await Assertions.Expect(issues).ToBeVisibleAsync(Visible);
        await Assertions.Expect(issues.Locator(".key-path")).ToContainTextAsync("gateway.prot");
        Assert.Equal(before, await File.ReadAllTextAsync(Stack.ConfigPath, TestContext.Current.CancellationToken));
        await ScreenshotAsync(page, "config-error-desktop");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Sessions_page_lists_the_chat_session_and_resets_it()
    {
        var chat = await PairedPageAsync(path: "chat");
        Stack.Model.Enqueue(FakeModelReply.Text("Noted: remember the blue door.", chunks: 2));
        await chat.GetByLabel("Message").FillAsync("Remember the blue door");
        await chat.GetByLabel("Message").PressAsync("Enter");
        await Assertions.Expect(chat.GetByTestId("msg-assistant").Last).ToHaveTextAsync("Noted: remember the blue door.", new() { Timeout = (float)Slow.TotalMilliseconds });

        await chat.GetByRole(AriaRole.Link, new() { Name = "Sessions" }).ClickAsync();
        var row = chat.GetByTestId("session-row").Filter(new() { HasText = "agent:main:main" });
        await Assertions.Expect(row).ToBeVisibleAsync(Visible);
        await row.GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(chat.GetByTestId("session-history")).ToContainTextAsync("Remember the blue door", Contains);
        await ScreenshotAsync(chat, "sessions-desktop");

        await chat.GetByRole(AriaRole.Button, new() { Name = "Reset", Exact = true }).ClickAsync();
        await Assertions.Expect(chat.GetByText("Session reset: the next message starts a fresh transcript.")).ToBeVisibleAsync(Visible);
        await Assertions.Expect(chat.GetByTestId("session-history")).Not.ToContainTextAsync("Remember the blue door", Contains);
        await chat.Context.CloseAsync();
    }

    [Fact]
    public async Task Sandboxes_page_says_plainly_that_no_sandbox_manager_answers()
    {
        // The stack's gateway has the sandbox.* methods but no Redis or SandboxManager behind them.
        var page = await PairedPageAsync(path: "sandboxes");
        var alert = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "sandbox manager not reachable" });
        await Assertions.Expect(alert).ToBeVisibleAsync(Visible);
        await Assertions.Expect(alert).ToContainTextAsync("start OpenClaw.SandboxManager", Contains);
        await page.Context.CloseAsync();
    }

    private static readonly (string Path, string Name)[] Pages =
    [
        ("", "overview"), ("chat", "chat"), ("sessions", "sessions"), ("channels", "channels"), ("devices", "devices"),
        ("sandboxes", "sandboxes"), ("config", "config"), ("cron", "cron"), ("logs", "logs"), ("settings", "settings"),
    ];

    [Fact]
    public async Task Every_page_renders_at_desktop_and_phone_width_in_both_themes()
    {
        foreach (var phone in new[] { false, true })
        {
            var page = await PairedPageAsync(phone);
            foreach (var (path, name) in Pages)
            {
                await page.GotoAsync($"{Stack.UiUrl}/{path}");
                await WaitConnectedAsync(page);
                await Assertions.Expect(page.Locator(".content h1").First).ToBeAttachedAsync(new() { Timeout = (float)Slow.TotalMilliseconds });
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                // Nothing may overflow the viewport sideways (phone-width usability).
                var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
                Assert.False(overflow, $"/{path} scrolls sideways at {(phone ? "phone" : "desktop")} width");
                await ScreenshotAsync(page, $"{name}-{(phone ? "phone" : "desktop")}");
            }

            // Dark theme via the toggle, kept across a reload.
            await page.GotoAsync($"{Stack.UiUrl}/");
            await WaitConnectedAsync(page);
            await page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark theme" }).ClickAsync();
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
            await page.ReloadAsync();
            await WaitConnectedAsync(page);
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
            await ScreenshotAsync(page, $"overview-dark-{(phone ? "phone" : "desktop")}");
            await page.GotoAsync($"{Stack.UiUrl}/chat");
            await WaitConnectedAsync(page);
            await ScreenshotAsync(page, $"chat-dark-{(phone ? "phone" : "desktop")}");
            await page.Context.CloseAsync();
        }
    }
}
