using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenClaw.Gateway.Sessions;

/// <summary>
/// One row of <c>sessions.json</c> (spec §4.5), keyed by session key. Unknown fields written by other versions
/// are kept in <see cref="Extra"/> and written back unchanged.
/// </summary>
public sealed class SessionEntry
{
    public string SessionId { get; set; } = "";

    /// <summary>Unix epoch milliseconds of the last activity.</summary>
    public long UpdatedAt { get; set; }

    public string? SessionFile { get; set; }

    public string? ChatType { get; set; }

    public string? Provider { get; set; }

    public string? Channel { get; set; }

    public string? Subject { get; set; }

    public string? Room { get; set; }

    public string? Space { get; set; }

    public string? DisplayName { get; set; }

    public string? Label { get; set; }

    public string? LastChannel { get; set; }

    public string? LastTo { get; set; }

    public string? LastAccountId { get; set; }

    public string? LastThreadId { get; set; }

    public string? ThinkingLevel { get; set; }

    public string? VerboseLevel { get; set; }

    public string? ReasoningLevel { get; set; }

    public string? ElevatedLevel { get; set; }

    public bool? FastMode { get; set; }

    public string? SendPolicy { get; set; }

    public string? GroupActivation { get; set; }

    public string? ExecHost { get; set; }

    public string? ExecSecurity { get; set; }

    public string? ExecAsk { get; set; }

    public string? ExecNode { get; set; }

    public string? ProviderOverride { get; set; }

    public string? ModelOverride { get; set; }

    public string? AuthProfileOverride { get; set; }

    /// <summary>The provider/model that answered last.</summary>
    public string? ModelProvider { get; set; }

    public string? Model { get; set; }

    public long? InputTokens { get; set; }

    public long? OutputTokens { get; set; }

    public long? TotalTokens { get; set; }

    public long? ContextTokens { get; set; }

    public long? CacheRead { get; set; }

    public long? CacheWrite { get; set; }

    public int? CompactionCount { get; set; }

    public long? MemoryFlushAt { get; set; }

    public int? MemoryFlushCompactionCount { get; set; }

    public string? SpawnedBy { get; set; }

    public int? SpawnDepth { get; set; }

    public string? ParentSessionKey { get; set; }

    public bool? AbortedLastRun { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public SessionEntry Clone()
    {
        var copy = (SessionEntry)MemberwiseClone();
        copy.Extra = Extra is null ? null : new Dictionary<string, JsonElement>(Extra);
        return copy;
    }
}
