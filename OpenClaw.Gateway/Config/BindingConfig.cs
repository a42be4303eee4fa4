using System.Text.Json;

namespace OpenClaw.Gateway.Config;

/// <summary>One <c>bindings[]</c> rule: inbound messages matching <see cref="Match"/> go to <see cref="AgentId"/> (spec §3.5).</summary>
public sealed class BindingConfig
{
    public string AgentId { get; init; } = "";

    [ConfigValues("route", "acp")]
    public string? Type { get; init; }

    public BindingMatch Match { get; init; } = new();

    public JsonElement? Acp { get; init; }

    public JsonElement? Session { get; init; }

    public string? Comment { get; init; }
}

public sealed class BindingMatch
{
    public string Channel { get; init; } = "";

    /// <summary><c>"*"</c> = any account; omitted = the default account.</summary>
    public string? AccountId { get; init; }

    public BindingPeer? Peer { get; init; }

    [NumbersAsStrings]
    public string? GuildId { get; init; }

    public string? TeamId { get; init; }

    [NumbersAsStrings]
    public List<string>? Roles { get; init; }
}

public sealed class BindingPeer
{
    [ConfigValues("direct", "group", "channel", "dm")]
    public string Kind { get; init; } = "direct";

    [NumbersAsStrings]
    public string Id { get; init; } = "";
}
