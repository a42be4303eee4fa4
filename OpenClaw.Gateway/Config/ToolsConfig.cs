using System.Text.Json;

namespace OpenClaw.Gateway.Config;

/// <summary><c>tools.*</c> (spec §5); deeper sections are parsed by the tools feature.</summary>
public sealed class ToolsConfig
{
    [ConfigValues("minimal", "coding", "messaging", "full")]
    public string? Profile { get; init; }

    public List<string>? Allow { get; init; }

    public List<string>? AlsoAllow { get; init; }

    public List<string>? Deny { get; init; }

    public Dictionary<string, JsonElement>? ByProvider { get; init; }

    public JsonElement? Elevated { get; init; }

    public JsonElement? Exec { get; init; }

    public JsonElement? Web { get; init; }

    public JsonElement? Media { get; init; }

    public JsonElement? Sessions { get; init; }

    public JsonElement? Sandbox { get; init; }

    public JsonElement? LoopDetection { get; init; }

    public JsonElement? AgentToAgent { get; init; }

    public JsonElement? Message { get; init; }

    public JsonElement? Links { get; init; }

    public JsonElement? Fs { get; init; }
}
