using Microsoft.Playwright;
using OpenClaw.ControlUi.Tests.Infrastructure;
using OpenClaw.Fakes.Models;

namespace OpenClaw.ControlUi.Tests.Browser;

[Collection(ControlUiStackCollection.Name)]
public sealed class ChatTests(ControlUiStack stack) : BrowserTestBase(stack)
{
    [Fact]
    public async Task Reply_streams_into_the_page_stop_keeps_the_partial_text_and_new_resets_the_session()
    {
        var page = await PairedPageAsync(path: "chat");
        var message = page.GetByLabel("Message");
        var assistant = page.GetByTestId("msg-assistant");

        // A reply that streams its first words, then hangs: the words show while the run is still going.
        Stack.Model.Enqueue(FakeModelReply.Hang("Streaming the first words"));
        await message.FillAsync("Tell me a long story");
        await message.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("msg-user").Last).ToContainTextAsync("Tell me a long story", Contains);
        await Assertions.Expect(assistant.Last).ToContainTextAsync("Streaming the first words", Contains);
        var stop = page.GetByRole(AriaRole.Button, new() { Name = "Stop" });
        await Assertions.Expect(stop).ToBeVisibleAsync(Visible);
        await stop.ClickAsync();
        await Assertions.Expect(page.GetByText("Stopped — the partial reply above was kept.")).ToBeVisibleAsync(Visible);
        await Assertions.Expect(stop).ToBeHiddenAsync(new() { Timeout = (float)Slow.TotalMilliseconds });

        // A whole reply in several chunks.
        Stack.Model.Enqueue(FakeModelReply.Text("The answer is forty-two, give or take.", chunks: 5));
        await message.FillAsync("What is the answer?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Assertions.Expect(assistant.Last).ToHaveTextAsync("The answer is forty-two, give or take.", new() { Timeout = (float)Slow.TotalMilliseconds });
        await ScreenshotAsync(page, "chat-desktop");

        // /new resets the session: the transcript starts over.
        await message.FillAsync("/new");
        await message.PressAsync("Enter");
        await Assertions.Expect(page.GetByText("New session started.")).ToBeVisibleAsync(Visible);
        await Assertions.Expect(page.GetByTestId("transcript")).Not.ToContainTextAsync("forty-two", Contains);
        await page.ReloadAsync();
        await WaitConnectedAsync(page);
        await Assertions.Expect(page.GetByTestId("transcript")).Not.ToContainTextAsync("forty-two", Contains);
        await page.Context.CloseAsync();
    }
}
