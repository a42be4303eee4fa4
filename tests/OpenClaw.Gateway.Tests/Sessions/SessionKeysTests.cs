using OpenClaw.Gateway.Sessions;

namespace OpenClaw.Gateway.Tests.Sessions;

public class SessionKeysTests
{
    [Theory]
    [InlineData("main", "telegram", null, "123", "agent:main:main")]
    [InlineData("per-peer", "telegram", null, "123", "agent:main:direct:123")]
    [InlineData("per-channel-peer", "Telegram", null, "ABC", "agent:main:telegram:direct:abc")]
    [InlineData("per-account-channel-peer", "discord", "Work", "42", "agent:main:discord:work:direct:42")]
    [InlineData("per-account-channel-peer", "discord", null, "42", "agent:main:discord:default:direct:42")]
    public void Direct_keys_follow_the_dm_scope(string dmScope, string channel, string? account, string peer, string expected) =>
        Assert.Equal(expected, SessionKeys.Direct("main", dmScope, channel, account, peer));

    [Fact]
    public void Group_channel_thread_and_topic_keys()
    {
        Assert.Equal("agent:main:telegram:group:-100123", SessionKeys.Group("main", "telegram", "-100123"));
        Assert.Equal("agent:ops:discord:channel:987", SessionKeys.Channel("ops", "discord", "987"));
        Assert.Equal("agent:ops:slack:channel:c1:thread:1700.1", SessionKeys.Thread(SessionKeys.Channel("ops", "slack", "C1"), "1700.1"));
        Assert.Equal("agent:main:telegram:group:-100:topic:7", SessionKeys.Topic(SessionKeys.Group("main", "telegram", "-100"), "7"));
    }

    [Theory]
    [InlineData(null, "work", "agent:work:main")]
    [InlineData("", "work", "agent:work:main")]
    [InlineData("main", "work", "agent:work:main")]
    [InlineData("MAIN", "work", "agent:work:main")]
    [InlineData("my-chat", "work", "agent:work:my-chat")]
    [InlineData("agent:Other:Telegram:Group:1", "work", "agent:other:telegram:group:1")]
    [InlineData("global", "work", "global")]
    public void Request_keys_are_normalised(string? key, string agentId, string expected) =>
        Assert.Equal(expected, SessionKeys.Normalize(key, agentId));

    [Theory]
    [InlineData("Main", "main")]
    [InlineData("My Agent!", "my-agent-")]
    [InlineData("", "main")]
    [InlineData("ops_2", "ops_2")]
    public void Agent_ids_are_lower_cased_and_sanitised(string input, string expected) =>
        Assert.Equal(expected, SessionKeys.NormalizeAgentId(input));

    [Fact]
    public void Long_agent_ids_are_capped_at_64()
    {
        Assert.Equal(64, SessionKeys.NormalizeAgentId(new string('a', 100)).Length);
        Assert.True(SessionKeys.IsMain("agent:main:main"));
        Assert.False(SessionKeys.IsMain("agent:main:telegram:direct:1"));
        Assert.Equal("ops", SessionKeys.AgentIdOf("agent:ops:main"));
    }
}
