using OpenClaw.Gateway.Agents;
using OpenClaw.Gateway.Config;

namespace OpenClaw.Gateway.Tests.Agents;

public class AgentRouterTests
{
    private static OpenClawConfig Config(string bindings, string dmScope = "main")
    {
        var result = ConfigLoader.LoadText(
            $"{{ session: {{ dmScope: '{dmScope}' }}, agents: {{ list: [{{ id: 'main', default: true }}, {{ id: 'peer' }}, {{ id: 'parent' }}, {{ id: 'mods' }}, {{ id: 'guild' }}, {{ id: 'team' }}, {{ id: 'acct' }}, {{ id: 'chan' }}] }}, bindings: [{bindings}] }}",
            Path.GetTempPath(),
            _ => null);
        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        return result.Config;
    }

    private static (string AgentId, string MatchedBy) Pick(RouteResult r) => (r.AgentId, r.MatchedBy);

    private const string AllTiers = """
        { agentId: 'chan', match: { channel: 'discord', accountId: '*' } },
        { agentId: 'acct', match: { channel: 'discord', accountId: 'work' } },
        { agentId: 'team', match: { channel: 'slack', teamId: 'T1' } },
        { agentId: 'guild', match: { channel: 'discord', accountId: '*', guildId: 111 } },
        { agentId: 'mods', match: { channel: 'discord', accountId: '*', guildId: '111', roles: ['mod'] } },
        { agentId: 'parent', match: { channel: 'discord', accountId: '*', peer: { kind: 'channel', id: 'general' } } },
        { agentId: 'peer', match: { channel: 'discord', accountId: '*', peer: { kind: 'direct', id: 'alice' } } },
        """;

    [Fact]
    public void Tiers_are_tried_in_upstream_order_whatever_the_list_order()
    {
        var config = Config(AllTiers);
        RouteResult Route(RouteInput input) => AgentRouter.Resolve(config, input, "main");

        Assert.Equal(("peer", "binding.peer"), Pick(Route(new() { Channel = "discord", Peer = new("direct", "alice"), GuildId = "111", MemberRoleIds = ["mod"] })));
        Assert.Equal(("parent", "binding.peer.parent"), Pick(Route(new() { Channel = "discord", Peer = new("channel", "thread-9"), ParentPeer = new("channel", "general"), GuildId = "111", MemberRoleIds = ["mod"] })));
        Assert.Equal(("mods", "binding.guild+roles"), Pick(Route(new() { Channel = "discord", Peer = new("channel", "x"), GuildId = "111", MemberRoleIds = ["mod"] })));
        Assert.Equal(("guild", "binding.guild"), Pick(Route(new() { Channel = "discord", Peer = new("channel", "x"), GuildId = "111", MemberRoleIds = ["member"] })));
        Assert.Equal(("team", "binding.team"), Pick(Route(new() { Channel = "slack", Peer = new("channel", "c"), TeamId = "T1" })));
        Assert.Equal(("acct", "binding.account"), Pick(Route(new() { Channel = "discord", AccountId = "work", Peer = new("channel", "x"), GuildId = "222" })));
        Assert.Equal(("chan", "binding.channel"), Pick(Route(new() { Channel = "discord", AccountId = "home", Peer = new("direct", "bob") })));
        Assert.Equal(("main", "default"), Pick(Route(new() { Channel = "telegram", Peer = new("direct", "bob") })));
    }

    [Fact]
    public void Omitted_account_matches_only_the_default_account()
    {
        var config = Config("{ agentId: 'acct', match: { channel: 'telegram' } }");

        Assert.Equal("acct", AgentRouter.Resolve(config, new() { Channel = "telegram", Peer = new("direct", "1") }, "main").AgentId);
        Assert.Equal("main", AgentRouter.Resolve(config, new() { Channel = "telegram", AccountId = "second", Peer = new("direct", "1") }, "main").AgentId);
    }

    [Fact]
    public void Session_keys_follow_dm_scope_and_thread_suffixes()
    {
        var config = Config(AllTiers, dmScope: "per-channel-peer");

        var dm = AgentRouter.Resolve(config, new() { Channel = "telegram", Peer = new("direct", "Bob") }, "main");
        Assert.Equal("agent:main:telegram:direct:bob", dm.SessionKey);
        Assert.Equal("agent:main:main", dm.MainSessionKey);
        var thread = AgentRouter.Resolve(config, new() { Channel = "discord", Peer = new("channel", "general"), ThreadId = "55" }, "main");
        Assert.Equal("agent:parent:discord:channel:general:thread:55", thread.SessionKey);
        var topic = AgentRouter.Resolve(config, new() { Channel = "telegram", Peer = new("group", "-100"), TopicId = "3" }, "main");
        Assert.Equal("agent:main:telegram:group:-100:topic:3", topic.SessionKey);
    }
}
