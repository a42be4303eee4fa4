using System.Text.Json;
using OpenClaw.ControlUi.Chat;
using OpenClaw.GatewayClient;

namespace OpenClaw.ControlUi.Tests.Unit;

public sealed class ChatTranscriptTests
{
    private const string Key = "agent:main:main";

    private static GatewayEvent Event(string name, object payload) => new(name, JsonSerializer.SerializeToElement(payload), null);

    [Fact]
    public void V4_deltas_append_and_final_settles_the_reply()
    {
        var chat = new ChatTranscript(Key);
        chat.AddUser("hi");

        Assert.True(chat.Apply(Event("chat", new { runId = "r1", sessionKey = Key, state = "delta", deltaText = "Hel" })));
        Assert.True(chat.Apply(Event("chat", new { runId = "r1", sessionKey = Key, state = "delta", deltaText = "lo" })));
        Assert.Equal("Hello", chat.Items[^1].Text);
        Assert.True(chat.Items[^1].Streaming);
        Assert.True(chat.IsRunning);

        chat.Apply(Event("chat", new { runId = "r1", sessionKey = Key, state = "final", message = new { role = "assistant", content = new[] { new { type = "text", text = "Hello!" } } } }));
        Assert.Equal("Hello!", chat.Items[^1].Text);
        Assert.False(chat.Items[^1].Streaming);
        Assert.False(chat.IsRunning);
        Assert.Equal(2, chat.Items.Count);
    }

    [Fact]
    public void V3_cumulative_message_replaces_the_text()
    {
        var chat = new ChatTranscript(Key);
        chat.Apply(Event("chat", new { runId = "r1", sessionKey = Key, state = "delta", message = new { role = "assistant", content = new[] { new { type = "text", text = "Hel" } } } }));
        chat.Apply(Event("chat", new { runId = "r1", sessionKey = Key, state = "delta", message = new { role = "assistant", content = new[] { new { type = "text", text = "Hello" } } } }));
        Assert.Equal("Hello", Assert.Single(chat.Items).Text);
    }

    [Fact]
    public void Tool_calls_become_collapsible_rows_between_text_and_the_reply_after()
    {
        var chat = new ChatTranscript(Key);
        chat.Apply(Event("chat", new { runId = "r1", sessionKey = Key, state = "delta", deltaText = "Let me look." }));
        chat.Apply(Event("agent", new { runId = "r1", sessionKey = Key, stream = "tool", data = new { phase = "start", toolCallId = "c1", name = "read", args = new { path = "a.txt" } } }));
        chat.Apply(Event("agent", new { runId = "r1", sessionKey = Key, stream = "tool", data = new { phase = "result", toolCallId = "c1", name = "read", result = "file body", isError = false } }));
        chat.Apply(Event("chat", new { runId = "r1", sessionKey = Key, state = "delta", deltaText = "It says hi." }));

        Assert.Equal([ChatRole.Assistant, ChatRole.Tool, ChatRole.Assistant], chat.Items.Select(i => i.Role));
        var tool = chat.Items[1];
        Assert.Equal("read", tool.ToolName);
        Assert.Contains("a.txt", tool.ToolArgs, StringComparison.Ordinal);
        Assert.Equal("file body", tool.ToolResult);
        Assert.False(tool.Streaming);
        Assert.Equal("It says hi.", chat.Items[2].Text);
    }

    [Fact]
    public void Abort_keeps_the_partial_reply_and_says_so()
    {
        var chat = new ChatTranscript(Key);
        chat.Apply(Event("chat", new { runId = "r1", sessionKey = Key, state = "delta", deltaText = "Once upon" }));
        chat.Apply(Event("chat", new { runId = "r1", sessionKey = Key, state = "aborted" }));

        Assert.Equal("Once upon", chat.Items[0].Text);
        Assert.False(chat.Items[0].Streaming);
        Assert.Equal(ChatRole.Notice, chat.Items[1].Role);
        Assert.False(chat.IsRunning);
    }

    [Fact]
    public void Errors_show_the_gateways_message()
    {
        var chat = new ChatTranscript(Key);
        chat.Apply(Event("chat", new { runId = "r1", sessionKey = Key, state = "error", errorMessage = "rate limited by provider" }));
        var row = Assert.Single(chat.Items);
        Assert.Equal(ChatRole.Error, row.Role);
        Assert.Equal("rate limited by provider", row.Text);
    }

    [Fact]
    public void Events_of_other_sessions_are_ignored_and_aliases_match()
    {
        var chat = new ChatTranscript("main");
        Assert.False(chat.Apply(Event("chat", new { runId = "r1", sessionKey = "agent:main:telegram:direct:42", state = "delta", deltaText = "x" })));
        Assert.True(chat.Apply(Event("chat", new { runId = "r2", sessionKey = "agent:main:main", state = "delta", deltaText = "y" })));
        Assert.Equal("y", Assert.Single(chat.Items).Text);
    }

    [Fact]
    public void History_keeps_user_assistant_and_tool_rows()
    {
        var chat = new ChatTranscript(Key);
        chat.LoadHistory(JsonSerializer.SerializeToElement(new
        {
            messages = new object[]
            {
                new { role = "user", content = "hello", timestamp = 1 },
                new { role = "assistant", content = new[] { new { type = "text", text = "hi there" } }, timestamp = 2 },
                new { role = "toolResult", toolName = "exec", toolCallId = "c1", content = new[] { new { type = "text", text = "ok" } }, timestamp = 3 },
            },
        }));
        Assert.Equal([ChatRole.User, ChatRole.Assistant, ChatRole.Tool], chat.Items.Select(i => i.Role));
        Assert.Equal("hi there", chat.Items[1].Text);
        Assert.Equal("exec", chat.Items[2].ToolName);
    }
}
