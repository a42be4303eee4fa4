using System.Text.Json.Nodes;

namespace OpenClaw.IntegrationTests.Channels;

/// <summary>
/// Fake Telegram → worker process → Redis → gateway process (fake model) → Redis → worker → fake Telegram,
/// asserting on what the platform received.
/// </summary>
public sealed class TelegramEndToEndTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_direct_message_is_answered_in_the_same_chat_replying_to_it()
    {
        await using var stack = await ChannelStack.StartAsync("\"dmPolicy\": \"open\", \"allowFrom\": [\"*\"], \"replyToMode\": \"first\"");

        var messageId = stack.Bot.UserSends(4242, "hello msg-1");

        var sent = await stack.WaitForRepliesAsync(s => s.Count >= 1, Patience);
        var reply = Assert.Single(sent);
        Assert.Equal(4242, reply.ChatId);
        Assert.Equal("ack msg-1", reply.Text);
        Assert.Equal(messageId, reply.ReplyToMessageId);
    }

    [Fact]
    public async Task A_long_answer_arrives_in_chunks_in_the_forum_topic_and_unmentioned_group_chatter_is_ignored()
    {
        await using var stack = await ChannelStack.StartAsync(
            "\"dmPolicy\": \"open\", \"allowFrom\": [\"*\"], \"groupPolicy\": \"open\", \"groups\": { \"*\": { \"requireMention\": true } }");

        stack.Bot.UserSends(-1001234, "chatter msg-9 without mention", fromId: 55, chatType: "supergroup", threadId: 77);
        stack.Bot.UserMentionsBot(-1001234, 55, "please write long-1", threadId: 77);

        var sent = await stack.WaitForRepliesAsync(s => string.Concat(s.Select(m => m.Text)).Contains("Part 12 of long-1", StringComparison.Ordinal), Patience);
        Assert.True(sent.Count >= 3, $"expected the ~8,500 characters in at least 3 messages, got {sent.Count}");
        Assert.All(sent, m => Assert.True(m.Text.Length <= 4096));
        Assert.All(sent, m => Assert.Equal(-1001234, m.ChatId));
        Assert.All(sent, m => Assert.Equal(77, m.MessageThreadId));
        Assert.DoesNotContain(sent, m => m.Text.Contains("msg-9", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_sender_gets_a_pairing_code_and_is_answered_once_approved()
    {
        await using var stack = await ChannelStack.StartAsync("\"dmPolicy\": \"pairing\"");

        stack.Bot.UserSends(5151, "let me in msg-1");
        var sent = await stack.WaitForRepliesAsync(s => s.Count >= 1, Patience);
        var pairing = Assert.Single(sent).Text;
        Assert.Contains("access not configured", pairing, StringComparison.Ordinal);
        var code = System.Text.RegularExpressions.Regex.Match(pairing, "Pairing code: ([A-Z0-9]{8})").Groups[1].Value;
        Assert.Matches("^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{8}$", code);
        Assert.Contains($"openclaw pairing approve telegram {code}", pairing, StringComparison.Ordinal);
        Assert.DoesNotContain(stack.Model.Requests, r => r.ToJsonString().Contains("msg-1", StringComparison.Ordinal));

        // A second message while pending: no new code, no agent.
        stack.Bot.UserSends(5151, "again msg-2");
        var pairingFile = Path.Combine(stack.StateDir, "credentials", "telegram-pairing.json");
        JsonArray requests;
        var deadline = DateTime.UtcNow + Patience;
        do
        {
            // The gateway records the second message as "seen again" (lastSeenAt moves), without a new code.
            await Task.Delay(100, TestContext.Current.CancellationToken);
            requests = JsonNode.Parse(await File.ReadAllTextAsync(pairingFile, TestContext.Current.CancellationToken))!["requests"]!.AsArray();
        }
        while (requests.Count == 1 && requests[0]!["lastSeenAt"]!.ToString() == requests[0]!["createdAt"]!.ToString() && DateTime.UtcNow < deadline);

        Assert.Equal(code, Assert.Single(requests)!["code"]!.GetValue<string>());
        Assert.Equal("5151", requests[0]!["id"]!.GetValue<string>());

        // What `openclaw pairing approve telegram <code>` writes (the CLI edits the state files as upstream's does).
        await File.WriteAllTextAsync(Path.Combine(stack.StateDir, "credentials", "telegram-allowFrom.json"),
            """{"version":1,"allowFrom":["5151"]}""", TestContext.Current.CancellationToken);
        stack.Bot.UserSends(5151, "now msg-3");

        var all = await stack.WaitForRepliesAsync(s => s.Any(m => m.Text == "ack msg-3"), Patience);
        Assert.Single(all, m => m.Text.Contains("Pairing code", StringComparison.Ordinal));
        Assert.DoesNotContain(all, m => m.Text == "ack msg-2");
    }
}
