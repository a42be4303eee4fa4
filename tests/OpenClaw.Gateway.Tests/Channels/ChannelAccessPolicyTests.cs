using System.Text.Json;
using System.Text.RegularExpressions;
using OpenClaw.Contracts.Channels;
using OpenClaw.Gateway.Channels;
using OpenClaw.Gateway.Config;

namespace OpenClaw.Gateway.Tests.Channels;

/// <summary>dmPolicy, allowFrom, group policy and mention gating decisions (spec §7.2).</summary>
public sealed class ChannelAccessPolicyTests
{
    private static InboundMessage Dm(string sender = "5151", string? username = null) => new()
    {
        Channel = "telegram", AccountId = "default", ChatType = ChatType.Direct, ChatId = sender,
        Sender = new InboundSender { Id = sender, Username = username }, Text = "hi", PlatformMessageId = "1", ReceivedAt = DateTimeOffset.UtcNow,
    };

    private static InboundMessage Group(string chat = "-100", bool mentioned = false, string text = "hello all") => Dm() with
    {
        ChatType = ChatType.Group, ChatId = chat, WasMentioned = mentioned, Text = text,
    };

    private static ChannelAccessSettings Settings(string json) =>
        ChannelAccessSettings.Resolve(new OpenClawConfig
        {
            Channels = new() { ["telegram"] = JsonSerializer.Deserialize<ChannelConfig>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))! },
        }, "telegram", "default");

    private static AccessVerdict Decide(InboundMessage message, string json, IReadOnlyList<string>? approved = null, params string[] patterns) =>
        ChannelAccessPolicy.Decide(message, Settings(json), approved ?? [], [.. patterns.Select(p => new Regex(p, RegexOptions.IgnoreCase))]).Verdict;

    [Fact]
    public void Pairing_is_the_default_dm_policy_and_approved_senders_pass()
    {
        Assert.Equal(AccessVerdict.Pair, Decide(Dm(), "{}"));
        Assert.Equal(AccessVerdict.Allow, Decide(Dm(), "{}", approved: ["5151"]));
        Assert.Equal(AccessVerdict.Allow, Decide(Dm(), """{"allowFrom":["tg:5151"]}"""));
        Assert.Equal(AccessVerdict.Allow, Decide(Dm(username: "ada"), """{"allowFrom":["@Ada"]}"""));
    }

    [Fact]
    public void Allowlist_open_and_disabled_dm_policies()
    {
        Assert.Equal(AccessVerdict.Drop, Decide(Dm(), """{"dmPolicy":"allowlist","allowFrom":["42"]}"""));
        Assert.Equal(AccessVerdict.Allow, Decide(Dm(), """{"dmPolicy":"allowlist","allowFrom":["5151"]}"""));
        Assert.Equal(AccessVerdict.Allow, Decide(Dm(), """{"dmPolicy":"open","allowFrom":["*"]}"""));
        Assert.Equal(AccessVerdict.Drop, Decide(Dm(), """{"dmPolicy":"disabled","allowFrom":["5151"]}"""));
        Assert.Equal(AccessVerdict.Drop, Decide(Dm() with { Sender = new InboundSender { Id = "9", IsBot = true } }, """{"dmPolicy":"open"}"""));
    }

    [Fact]
    public void Groups_are_allowlisted_by_default_and_need_a_mention()
    {
        Assert.Equal(AccessVerdict.Drop, Decide(Group(mentioned: true), "{}"));
        Assert.Equal(AccessVerdict.Drop, Decide(Group(), """{"groups":{"-100":{}}}"""));
        Assert.Equal(AccessVerdict.Allow, Decide(Group(mentioned: true), """{"groups":{"-100":{}}}"""));
        Assert.Equal(AccessVerdict.Allow, Decide(Group(mentioned: true), """{"groups":{"*":{"requireMention":true}}}"""));
        Assert.Equal(AccessVerdict.Allow, Decide(Group(), """{"groups":{"-100":{"requireMention":false}}}"""));
        Assert.Equal(AccessVerdict.Drop, Decide(Group(mentioned: true), """{"groupPolicy":"disabled","groups":{"*":{}}}"""));
        Assert.Equal(AccessVerdict.Allow, Decide(Group(mentioned: true), """{"groupPolicy":"open"}"""));
        Assert.Equal(AccessVerdict.Allow, Decide(Group(mentioned: true), """{"groupAllowFrom":["5151"]}"""));
    }

    [Fact]
    public void Mention_patterns_count_as_a_mention()
    {
        Assert.Equal(AccessVerdict.Allow, Decide(Group(text: "hey claw, status?"), """{"groups":{"*":{}}}""", null, @"\bclaw\b"));
        Assert.Equal(AccessVerdict.Drop, Decide(Group(text: "clawless"), """{"groups":{"*":{}}}""", null, @"\bclaw\b"));
    }
}
