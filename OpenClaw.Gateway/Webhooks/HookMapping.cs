using System.Text.Json;

namespace OpenClaw.Gateway.Webhooks;

/// <summary>
/// One <c>hooks.mappings[]</c> entry: <c>POST /hooks/&lt;match.path&gt;</c> becomes an agent turn or a wake, its texts
/// filled from the JSON body with <c>{{path.to[0].field}}</c> templates.
/// </summary>
public sealed record HookMapping(
    string? MatchPath,
    string? MatchSource,
    string Action,
    string? AgentId,
    string? WakeMode,
    string? Name,
    string? SessionKey,
    string? MessageTemplate,
    string? TextTemplate,
    bool? Deliver,
    string? Channel,
    string? To,
    string? Model,
    int? TimeoutSeconds)
{
    public static HookMapping From(JsonElement e)
    {
        var match = e.TryGetProperty("match", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
        return new HookMapping(
            Str(match, "path")?.Trim('/'),
            Str(match, "source"),
            Str(e, "action") ?? "agent",
            Str(e, "agentId"),
            Str(e, "wakeMode"),
            Str(e, "name"),
            Str(e, "sessionKey"),
            Str(e, "messageTemplate"),
            Str(e, "textTemplate"),
            e.TryGetProperty("deliver", out var d) && d.ValueKind is JsonValueKind.True or JsonValueKind.False ? d.GetBoolean() : null,
            Str(e, "channel"),
            Str(e, "to"),
            Str(e, "model"),
            e.TryGetProperty("timeoutSeconds", out var t) && t.ValueKind == JsonValueKind.Number && t.TryGetInt32(out var seconds) ? seconds : null);
    }

    /// <summary>True when this mapping handles <c>/hooks/&lt;name&gt;</c> (and the payload's <c>source</c>, when the mapping names one).</summary>
    public bool Matches(string name, JsonElement payload) =>
        string.Equals(MatchPath, name, StringComparison.OrdinalIgnoreCase)
        && (MatchSource is null || string.Equals(Str(payload, "source"), MatchSource, StringComparison.OrdinalIgnoreCase));

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
