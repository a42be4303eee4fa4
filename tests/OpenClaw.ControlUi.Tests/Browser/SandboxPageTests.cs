using Microsoft.Playwright;
using OpenClaw.ControlUi.Tests.Infrastructure;
using OpenClaw.Fakes.Models;

namespace OpenClaw.ControlUi.Tests.Browser;

/// <summary>
/// The Sandboxes page against the real thing: a sandboxed chat session runs one exec (the SandboxManager creates a
/// Docker container for it), the page lists that container with its scope, age, idle time and config state, and
/// Recreate removes it from the engine.
/// </summary>
[Collection(FullStackCollection.Name)]
public sealed class SandboxPageTests(FullStack stack) : BrowserTestBase(stack)
{
    private static readonly TimeSpan ContainerStart = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_container_made_by_a_sandboxed_exec_is_listed_and_recreate_removes_it()
    {
        if (stack.SandboxUnavailable is { } reason)
        {
            Assert.Skip(reason);
        }

        var page = await PairedPageAsync(path: "chat");
        Stack.Model.Enqueue(
            FakeModelReply.ToolCall("exec", new { command = "echo hello-from-the-sandbox", yieldMs = 180_000 }),
            FakeModelReply.Text("Ran it in the sandbox."));
        await page.GetByLabel("Message").FillAsync("Run the hello command");
        await page.GetByLabel("Message").PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("msg-assistant").Last).ToHaveTextAsync("Ran it in the sandbox.",
            new() { Timeout = (float)ContainerStart.TotalMilliseconds });
        var tool = page.GetByTestId("tool-call").Last;
        await tool.Locator("summary").ClickAsync();
        await Assertions.Expect(tool).ToContainTextAsync("hello-from-the-sandbox", Contains);
        // The main session's container (scope session: one per session key).
        var running = await Docker.ContainersAsync(stack.ContainerPrefix, all: false);
        var container = Assert.Single(running, n => n.Contains("-agent-main-main-", StringComparison.Ordinal));

        await page.GetByRole(AriaRole.Link, new() { Name = "Sandboxes" }).ClickAsync();
        var row = page.GetByTestId("sandbox-row").Filter(new() { HasText = container });
        await Assertions.Expect(row).ToBeVisibleAsync(Visible);
        await Assertions.Expect(row).ToContainTextAsync("agent:main:main", Contains);
        await Assertions.Expect(row).ToContainTextAsync("running", Contains);
        await Assertions.Expect(row.GetByTestId("sandbox-scope")).ToHaveTextAsync("session", new() { Timeout = (float)Slow.TotalMilliseconds });
        await Assertions.Expect(row.GetByTestId("sandbox-age")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+[smh].* ago$"));
        await Assertions.Expect(row.GetByTestId("sandbox-idle")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+[smh].* ago$"));
        await Assertions.Expect(row.GetByTestId("sandbox-config")).ToContainTextAsync("current", Contains);
        await ScreenshotAsync(page, "sandboxes-listed-desktop");
        var phone = await PairedPageAsync(phone: true, path: "sandboxes");
        await Assertions.Expect(phone.GetByTestId("sandbox-row").Filter(new() { HasText = container })).ToBeVisibleAsync(Visible);
        Assert.False(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1"), "the Sandboxes page scrolls sideways at phone width");
        await ScreenshotAsync(phone, "sandboxes-listed-phone");
        await phone.Context.CloseAsync();

        await row.GetByRole(AriaRole.Button, new() { Name = $"Recreate {container}" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"Removed {container}" })).ToBeVisibleAsync(Visible);
        await Assertions.Expect(page.GetByTestId("sandbox-row").Filter(new() { HasText = container })).ToHaveCountAsync(0, new() { Timeout = (float)Slow.TotalMilliseconds });
        Assert.DoesNotContain(container, await Docker.ContainersAsync(stack.ContainerPrefix));
        await page.Context.CloseAsync();
    }
}
