using System.Text.Json.Nodes;
using OpenClaw.Gateway.Agents;
using OpenClaw.Gateway.Sessions;

namespace OpenClaw.Gateway.Tests.Protocol;

/// <summary><c>chat.send</c> with upstream's <c>attachments</c>: images reach the model as image parts, files land in the workspace.</summary>
public sealed class ChatAttachmentTests
{
    // A real 1×1 PNG.
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    [Fact]
    public async Task An_image_goes_to_the_model_as_an_image_part_and_into_the_transcript()
    {
        await using var gateway = await ProtocolGateway.StartAsync(withModel: true);
        await using var client = await gateway.ConnectCliAsync("operator.write");

        var ack = await client.CallAsync("chat.send", new JsonObject
        {
            ["sessionKey"] = "main",
            ["message"] = "what is in this picture?",
            ["idempotencyKey"] = "img-1",
            ["attachments"] = new JsonArray(new JsonObject
            {
                ["type"] = "image", ["mimeType"] = "image/png", ["fileName"] = "dot.png", ["content"] = Convert.ToBase64String(Png),
            }),
        });
        await client.NextAsync(f => (string?)f["event"] == "chat" && (string?)f["payload"]!["state"] == "final");

        Assert.True((bool)ack["ok"]!, ack.ToJsonString());
        var user = gateway.Model!.Requests[^1]["messages"]!.AsArray().Last(m => (string?)m!["role"] == "user")!;
        var parts = user["content"]!.AsArray();
        Assert.Contains(parts, p => (string?)p!["type"] == "text" && (string?)p["text"] == "what is in this picture?");
        var image = Assert.Single(parts, p => (string?)p!["type"] == "image_url");
        Assert.Equal($"data:image/png;base64,{Convert.ToBase64String(Png)}", (string?)image!["image_url"]!["url"]);

        var transcript = await gateway.Get<ISessionStores>().For("main").ReadTranscriptAsync("agent:main:main", TestContext.Current.CancellationToken);
        var recorded = transcript.Select(t => t.Message).First(m => m?.Role == "user")!;
        var block = Assert.Single(recorded.Content, c => c.Type == "image");
        Assert.Equal("image/png", block.MimeType);
        Assert.Equal(Convert.ToBase64String(Png), block.Data);
    }

    [Fact]
    public async Task A_file_is_saved_under_the_workspace_media_inbound_and_named_in_the_message()
    {
        await using var gateway = await ProtocolGateway.StartAsync(withModel: true);
        await using var client = await gateway.ConnectCliAsync("operator.write");
        var notes = "line one\nline two\n"u8.ToArray();

        await client.CallAsync("chat.send", new JsonObject
        {
            ["sessionKey"] = "main",
            ["message"] = "summarise the notes",
            ["idempotencyKey"] = "file-1",
            ["attachments"] = new JsonArray(new JsonObject
            {
                ["type"] = "file", ["mimeType"] = "text/plain", ["fileName"] = "../my notes.txt",
                ["content"] = "data:text/plain;base64," + Convert.ToBase64String(notes),
            }),
        });
        await client.NextAsync(f => (string?)f["event"] == "chat" && (string?)f["payload"]!["state"] == "final");

        var inbound = Path.Combine(gateway.Get<IAgentCatalog>().Resolve("main").WorkspaceDir, "media", "inbound");
        var saved = Assert.Single(Directory.GetFiles(inbound));
        Assert.EndsWith("-my_notes.txt", saved, StringComparison.Ordinal);
        Assert.Equal(notes, await File.ReadAllBytesAsync(saved, TestContext.Current.CancellationToken));
        var user = gateway.Model!.Requests[^1]["messages"]!.AsArray().Last(m => (string?)m!["role"] == "user")!;
        Assert.Equal($"summarise the notes\n<media:document> {saved}", TextOf(user["content"]!));
        Assert.DoesNotContain("image_url", user["content"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_large_or_broken_attachments_are_refused_with_a_clear_error_and_no_run()
    {
        await using var gateway = await ProtocolGateway.StartAsync(withModel: true);
        await using var client = await gateway.ConnectCliAsync("operator.write");

        var big = await client.CallAsync("chat.send", new JsonObject
        {
            ["sessionKey"] = "main", ["message"] = "look", ["idempotencyKey"] = "big-1",
            ["attachments"] = new JsonArray(new JsonObject { ["mimeType"] = "image/jpeg", ["fileName"] = "huge.jpg", ["content"] = Convert.ToBase64String(new byte[7 * 1024 * 1024]) }),
        });
        var broken = await client.CallAsync("chat.send", new JsonObject
        {
            ["sessionKey"] = "main", ["message"] = "look", ["idempotencyKey"] = "broken-1",
            ["attachments"] = new JsonArray(new JsonObject { ["mimeType"] = "image/png", ["fileName"] = "x.png", ["content"] = "not base64!" }),
        });

        Assert.False((bool)big["ok"]!);
        Assert.Equal("INVALID_REQUEST", (string?)big["error"]!["code"]);
        Assert.Equal("attachment 1 (huge.jpg) is 7 MB; images can be at most 6 MB. Send a smaller file.", (string?)big["error"]!["message"]);
        Assert.Equal("invalid chat.send params: attachments[0] (x.png) content is not valid base64", (string?)broken["error"]!["message"]);
        Assert.Empty(gateway.Model!.Requests);
    }

    private static string TextOf(JsonNode content) => content switch
    {
        JsonValue v => v.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Where(p => (string?)p!["type"] == "text").Select(p => (string?)p!["text"])),
        _ => "",
    };
}
