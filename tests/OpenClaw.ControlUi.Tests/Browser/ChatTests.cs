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

    // A real 1×1 PNG.
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    [Fact]
    public async Task An_attached_image_reaches_the_model_as_an_image_and_a_file_as_a_workspace_path()
    {
        var page = await PairedPageAsync(path: "chat");
        var before = Stack.Model.Requests.Count;
        Stack.Model.Enqueue(FakeModelReply.Text("A single red dot, and your notes.", chunks: 2));

        await page.Locator("input[type=file]").SetInputFilesAsync(new[]
        {
            new FilePayload { Name = "dot.png", MimeType = "image/png", Buffer = Png },
            new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = "remember the milk\n"u8.ToArray() },
        });
        await Assertions.Expect(page.GetByTestId("attachment-chip")).ToHaveCountAsync(2, new() { Timeout = (float)Slow.TotalMilliseconds });
        await ScreenshotAsync(page, "chat-attachments-desktop");
        await page.GetByLabel("Message").FillAsync("What is in the picture?");
        await page.GetByLabel("Message").PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("msg-assistant").Last).ToHaveTextAsync("A single red dot, and your notes.", new() { Timeout = (float)Slow.TotalMilliseconds });
        await Assertions.Expect(page.GetByTestId("msg-attachments").Last.Locator("img")).ToHaveAttributeAsync("alt", "dot.png");

        var request = Stack.Model.Requests.Skip(before).Last();
        var user = request["messages"]!.AsArray().Last(m => (string?)m!["role"] == "user")!["content"]!.AsArray();
        var image = Assert.Single(user, p => (string?)p!["type"] == "image_url");
        Assert.Equal($"data:image/png;base64,{Convert.ToBase64String(Png)}", (string?)image!["image_url"]!["url"]);
        var text = string.Concat(user.Where(p => (string?)p!["type"] == "text").Select(p => (string?)p!["text"]));
        Assert.StartsWith("What is in the picture?\n<media:document> ", text, StringComparison.Ordinal);
        var saved = text[(text.IndexOf("<media:document> ", StringComparison.Ordinal) + 17)..].Trim();
        Assert.StartsWith(Path.Combine(Stack.Home, ".openclaw", "workspace", "media", "inbound"), saved, StringComparison.Ordinal);
        Assert.Equal("remember the milk\n", await File.ReadAllTextAsync(saved, TestContext.Current.CancellationToken));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_image_over_the_gateways_limit_is_refused_in_the_page_with_the_limit()
    {
        var page = await PairedPageAsync(path: "chat");

        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "huge.png", MimeType = "image/png", Buffer = new byte[7 * 1024 * 1024] });

        await Assertions.Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "huge.png is 7 MB; images can be at most 6 MB." })).ToBeVisibleAsync(Visible);
        await Assertions.Expect(page.GetByTestId("attachment-chip")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}
