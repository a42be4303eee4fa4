using Microsoft.Extensions.Configuration;
using OpenClaw.Gateway.Tools;
using OpenClaw.Gateway.Tools.Execution;
using OpenClaw.Gateway.Tools.Policy;

namespace OpenClaw.Gateway.Tests.Tools;

/// <summary>
/// The grid of (profile, allow, deny, agent override, sandboxed) against the effective tool set upstream documents
/// (spec §5.2–§5.4, §6.7). Every built-in tool plus a channel tool is offered; the expected sets are written out.
/// </summary>
public sealed class ToolPolicyTableTests
{
    private static readonly string[] Offered = [.. ToolGroups.BuiltInTools, "discord", "telegram"];

    private static readonly string[] Coding =
    [
        "read", "write", "edit", "apply_patch", "ls", "exec", "process", "code_execution", "web_search", "x_search", "web_fetch",
        "sessions_list", "sessions_history", "sessions_send", "sessions_spawn", "sessions_yield", "subagents", "session_status",
        "memory_search", "memory_get", "cron", "image", "image_generate", "music_generate", "video_generate",
    ];

    private static readonly string[] SandboxDefault =
    [
        "exec", "process", "read", "ls", "write", "edit", "apply_patch", "image",
        "sessions_list", "sessions_history", "sessions_send", "sessions_spawn", "sessions_yield", "subagents", "session_status",
    ];

    public static TheoryData<string, Dictionary<string, string?>, string, string, bool, string[]> Grid => new()
    {
        { "nothing configured: everything", [], "main", "agent:main:main", false, Offered },
        { "profile full: everything", new() { ["tools:profile"] = "full" }, "main", "agent:main:main", false, Offered },
        { "profile minimal", new() { ["tools:profile"] = "minimal" }, "main", "agent:main:main", false, ["session_status"] },
        { "profile messaging", new() { ["tools:profile"] = "messaging" }, "main", "agent:main:main", false,
            ["message", "sessions_list", "sessions_history", "sessions_send", "session_status"] },
        { "profile coding", new() { ["tools:profile"] = "coding" }, "main", "agent:main:main", false, Coding },
        { "coding minus group:runtime", new() { ["tools:profile"] = "coding", ["tools:deny:0"] = "group:runtime" }, "main", "agent:main:main", false,
            [.. Coding.Except(["exec", "process", "code_execution"])] },
        { "allow cannot re-grant past the profile", new() { ["tools:profile"] = "minimal", ["tools:allow:0"] = "exec" }, "main", "agent:main:main", false, [] },
        { "alsoAllow extends the profile", new() { ["tools:profile"] = "minimal", ["tools:alsoAllow:0"] = "exec" }, "main", "agent:main:main", false,
            ["session_status", "exec"] },
        { "allow write implies apply_patch", new() { ["tools:allow:0"] = "read", ["tools:allow:1"] = "write" }, "main", "agent:main:main", false,
            ["read", "write", "apply_patch"] },
        { "wildcards", new() { ["tools:allow:0"] = "sessions_*" }, "main", "agent:main:main", false,
            ["sessions_list", "sessions_history", "sessions_send", "sessions_spawn", "sessions_yield"] },
        { "deny wins over allow", new() { ["tools:allow:0"] = "exec", ["tools:allow:1"] = "read", ["tools:deny:0"] = "exec" }, "main", "agent:main:main", false, ["read"] },
        { "deny everything", new() { ["tools:deny:0"] = "*" }, "main", "agent:main:main", false, [] },
        { "names are case-insensitive and bash means exec", new() { ["tools:allow:0"] = "READ", ["tools:allow:1"] = "Bash" }, "main", "agent:main:main", false,
            ["read", "exec"] },
        { "agent profile overrides the global one", new() { ["tools:profile"] = "coding", ["agents:list:0:id"] = "work", ["agents:list:0:tools:profile"] = "minimal" },
            "work", "agent:work:main", false, ["session_status"] },
        { "other agents keep the global profile", new() { ["tools:profile"] = "minimal", ["agents:list:0:id"] = "work", ["agents:list:0:tools:profile"] = "coding" },
            "main", "agent:main:main", false, ["session_status"] },
        { "agent deny restricts further", new() { ["agents:list:0:id"] = "work", ["agents:list:0:tools:deny:0"] = "group:fs" }, "work", "agent:work:main", false,
            [.. Offered.Except(["read", "write", "edit", "apply_patch", "ls"])] },
        { "agent allow cannot re-grant a global deny", new() { ["tools:deny:0"] = "exec", ["agents:list:0:id"] = "work", ["agents:list:0:tools:allow:0"] = "exec" },
            "work", "agent:work:main", false, [] },
        { "sandboxed: upstream's default sandbox policy", [], "main", "agent:main:main", true, SandboxDefault },
        { "sandboxed coding", new() { ["tools:profile"] = "coding" }, "main", "agent:main:main", true, [.. Coding.Intersect(SandboxDefault)] },
        { "sandboxed with tools.sandbox.tools.allow", new() { ["tools:sandbox:tools:allow:0"] = "exec", ["tools:sandbox:tools:allow:1"] = "read" },
            "main", "agent:main:main", true, ["exec", "read"] },
        { "sandboxed with the agent's own sandbox policy", new()
            {
                ["tools:sandbox:tools:allow:0"] = "exec",
                ["agents:list:0:id"] = "work",
                ["agents:list:0:tools:sandbox:tools:allow:0"] = "read",
                ["agents:list:0:tools:sandbox:tools:allow:1"] = "browser",
            },
            "work", "agent:work:main", true, ["read", "browser"] },
        { "sandbox deny override replaces the default deny", new() { ["tools:sandbox:tools:allow:0"] = "*", ["tools:sandbox:tools:deny:0"] = "exec" },
            "main", "agent:main:main", true, [.. Offered.Except(["exec"])] },
        { "leaf sub-agent loses session and system tools", [], "main", "agent:main:subagent:6f1c", false,
            [.. Offered.Except(["gateway", "agents_list", "session_status", "cron", "message", "sessions_send", "subagents", "sessions_list", "sessions_history", "sessions_spawn"])] },
    };

    [Theory]
    [MemberData(nameof(Grid))]
    public void Effective_tool_set_matches_upstream(string because, Dictionary<string, string?> config, string agentId, string sessionKey, bool sandboxed, string[] expected)
    {
        var (tools, agents) = Bind(config);
        var layers = ToolPolicyResolver.Resolve(tools, agents, new ToolPolicySubject(agentId, sessionKey, sandboxed));
        var effective = Offered.Where(t => ToolPolicyResolver.Permits(layers, t)).Order().ToArray();

        Assert.True(expected.Order().SequenceEqual(effective),
            $"{because}: expected [{string.Join(", ", expected.Order())}] but got [{string.Join(", ", effective)}]");
    }

    [Theory]
    [InlineData("openai", null, false)]
    [InlineData("anthropic", null, true)]
    [InlineData("openai", "gpt-5-mini", true)]
    public void ByProvider_policy_applies_to_the_matching_provider_or_model(string provider, string? model, bool execAllowed)
    {
        var (tools, agents) = Bind(new()
        {
            ["tools:byProvider:openai:deny:0"] = "exec",
            ["tools:byProvider:openai/gpt-5-mini:profile"] = "coding",
        });
        var layers = ToolPolicyResolver.Resolve(tools, agents, new ToolPolicySubject("main", "agent:main:main", false, provider, model));

        Assert.Equal(execAllowed, ToolPolicyResolver.Permits(layers, "exec"));
        Assert.Equal(model is null, ToolPolicyResolver.Permits(layers, "message"));
    }

    [Theory]
    [InlineData("off", "agent:main:telegram:group:1", false)]
    [InlineData("all", "agent:main:main", true)]
    [InlineData("non-main", "agent:main:main", false)]
    [InlineData("non-main", "main", false)]
    [InlineData("non-main", "agent:main:telegram:group:-100", true)]
    [InlineData("non-main", "agent:main:direct:alice", true)]
    [InlineData("non-main", "agent:main:subagent:1234", true)]
    public void Sandbox_mode_decides_which_sessions_are_sandboxed(string mode, string sessionKey, bool sandboxed)
    {
        var (_, agents) = Bind(new() { ["agents:defaults:sandbox:mode"] = mode });
        Assert.Equal(sandboxed, SessionSandboxing.IsSandboxed(agents, "main", sessionKey));
    }

    [Fact]
    public void Agent_sandbox_mode_overrides_the_default()
    {
        var (_, agents) = Bind(new()
        {
            ["agents:defaults:sandbox:mode"] = "all",
            ["agents:list:0:id"] = "trusted",
            ["agents:list:0:sandbox:mode"] = "off",
        });
        Assert.False(SessionSandboxing.IsSandboxed(agents, "trusted", "agent:trusted:discord:channel:1"));
        Assert.True(SessionSandboxing.IsSandboxed(agents, "main", "agent:main:main"));
    }

    [Fact]
    public void Unknown_profile_is_a_clear_error()
    {
        var (tools, agents) = Bind(new() { ["tools:profile"] = "coder" });
        var error = Assert.Throws<ToolPolicyException>(() => ToolPolicyResolver.Resolve(tools, agents, new ToolPolicySubject("main", "agent:main:main", false)));
        Assert.Contains("minimal, coding, messaging, full", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("tools.profile: unknown tool profile 'coder'", error.Message, StringComparison.Ordinal);
    }

    internal static (ToolsOptions Tools, AgentsToolOptions Agents) Bind(Dictionary<string, string?> config)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(config).Build();
        var tools = new ToolsOptions();
        configuration.GetSection("tools").Bind(tools);
        var agents = new AgentsToolOptions();
        configuration.GetSection("agents").Bind(agents);
        return (tools, agents);
    }
}
