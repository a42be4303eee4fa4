using System.Text.Json;
using System.Text.Json.Nodes;
using OpenClaw.Gateway.Sessions;

namespace OpenClaw.Gateway.Tests.Sessions;

public sealed class FileSessionStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("openclaw-sessions-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private FileSessionStore Store() => new("main", _dir, TimeProvider.System);

    [Fact]
    public async Task Transcript_is_written_in_the_upstream_jsonl_format()
    {
        var store = Store();
        var ct = TestContext.Current.CancellationToken;
        await store.AppendMessageAsync("agent:main:main", TranscriptMessage.UserText("hello", 1_700_000_000_000), ct);
        await store.AppendMessageAsync("agent:main:main", new TranscriptMessage
        {
            Role = "assistant",
            Content = [ContentBlock.FromText("hi!"), new ContentBlock { Type = "toolCall", Id = "call_1", Name = "read", Arguments = JsonDocument.Parse("""{"path":"a.txt"}""").RootElement }],
            Api = "openai-completions",
            Provider = "openai",
            Model = "gpt-5.4",
            Usage = new TranscriptUsage { Input = 10, Output = 3, TotalTokens = 13 },
            StopReason = "toolUse",
            Timestamp = 1_700_000_000_500,
        }, ct);

        var entry = (await store.GetAsync("agent:main:main", ct))!;
        var lines = await File.ReadAllLinesAsync(Path.Combine(_dir, entry.SessionId + ".jsonl"), ct);
        Assert.Equal(3, lines.Length);
        var header = JsonNode.Parse(lines[0])!;
        Assert.Equal(("session", 3, entry.SessionId), ((string)header["type"]!, (int)header["version"]!, (string)header["id"]!));
        Assert.NotNull(header["timestamp"]);
        Assert.NotNull(header["cwd"]);
        var user = JsonNode.Parse(lines[1])!;
        Assert.Equal("message", (string?)user["type"]);
        Assert.Null(user["parentId"]);
        Assert.Equal("""{"role":"user","content":[{"type":"text","text":"hello"}],"timestamp":1700000000000}""", user["message"]!.ToJsonString());
        var assistant = JsonNode.Parse(lines[2])!;
        Assert.Equal((string?)user["id"], (string?)assistant["parentId"]);
        Assert.Matches("^[0-9a-f]{8}$", (string?)assistant["id"]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", (string?)assistant["timestamp"]);
        Assert.Equal("""{"type":"toolCall","id":"call_1","name":"read","arguments":{"path":"a.txt"}}""", assistant["message"]!["content"]![1]!.ToJsonString());
        Assert.Equal("""{"input":10,"output":3,"cacheRead":0,"cacheWrite":0,"totalTokens":13}""", assistant["message"]!["usage"]!.ToJsonString());
        Assert.Equal("toolUse", (string?)assistant["message"]!["stopReason"]);
    }

    [Fact]
    public async Task Index_is_replaced_atomically_and_keeps_unknown_fields()
    {
        var ct = TestContext.Current.CancellationToken;
        await File.WriteAllTextAsync(Path.Combine(_dir, "sessions.json"), """{"agent:main:main":{"sessionId":"abc","updatedAt":1,"futureField":{"x":1}}}""", ct);
        var store = Store();

        await store.PatchAsync("agent:main:main", e => e.Label = "desk", ct);

        var text = await File.ReadAllTextAsync(Path.Combine(_dir, "sessions.json"), ct);
        var row = JsonNode.Parse(text)!["agent:main:main"]!;
        Assert.Equal(("abc", "desk", 1), ((string)row["sessionId"]!, (string)row["label"]!, (int)row["futureField"]!["x"]!));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public async Task A_torn_last_line_is_skipped_and_the_next_append_stays_readable()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Store();
        await store.AppendMessageAsync("agent:main:main", TranscriptMessage.UserText("one", 1), ct);
        var entry = (await store.GetAsync("agent:main:main", ct))!;
        var path = store.TranscriptPath(entry);
        await File.AppendAllTextAsync(path, """{"type":"message","id":"dead","message":{"role":"assis""", ct); // crash mid-write

        var reopened = Store();
        Assert.Single(await reopened.ReadTranscriptAsync("agent:main:main", ct));
        await reopened.AppendMessageAsync("agent:main:main", TranscriptMessage.UserText("two", 2), ct);

        var entries = await reopened.ReadTranscriptAsync("agent:main:main", ct);
        Assert.Equal(["one", "two"], entries.Select(e => e.Message!.Text));
        Assert.Equal(entries[0].Id, entries[1].ParentId);
    }

    [Fact]
    public async Task Reset_archives_the_transcript_and_keeps_the_route()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Store();
        await store.AppendMessageAsync("agent:main:main", TranscriptMessage.UserText("old", 1), ct);
        var old = (await store.PatchAsync("agent:main:main", e => (e.LastChannel, e.LastTo, e.TotalTokens) = ("telegram", "123", 50), ct))!;

        var fresh = await store.ResetAsync("agent:main:main", ct);

        Assert.NotEqual(old.SessionId, fresh.SessionId);
        Assert.Equal(("telegram", "123", (long?)null), (fresh.LastChannel, fresh.LastTo, fresh.TotalTokens));
        Assert.Single(Directory.GetFiles(_dir, $"{old.SessionId}.jsonl.reset.*"));
        Assert.Empty(await store.ReadTranscriptAsync("agent:main:main", ct));
    }

    [Fact]
    public async Task Delete_removes_the_row_and_archives_the_transcript()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = Store();
        await store.AppendMessageAsync("agent:main:x", TranscriptMessage.UserText("bye", 1), ct);
        var id = (await store.GetAsync("agent:main:x", ct))!.SessionId;

        Assert.True(await store.DeleteAsync("agent:main:x", ct));

        Assert.Null(await store.GetAsync("agent:main:x", ct));
        Assert.Single(Directory.GetFiles(_dir, $"{id}.jsonl.deleted.*"));
        Assert.False(await store.DeleteAsync("agent:main:x", ct));
    }
}
