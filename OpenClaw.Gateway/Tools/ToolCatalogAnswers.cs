namespace OpenClaw.Gateway.Tools;

// Result shapes of the tools.catalog and tools.effective RPCs (upstream gateway protocol), serialized camelCase.

public sealed record ToolCatalogAnswer(string AgentId, IReadOnlyList<ToolProfileEntry> Profiles, IReadOnlyList<ToolCatalogGroup> Groups);

public sealed record ToolProfileEntry(string Id, string Label);

public sealed record ToolCatalogGroup(string Id, string Label, string Source, IReadOnlyList<ToolCatalogEntry> Tools);

public sealed record ToolCatalogEntry(string Id, string Label, string Description, string Source, IReadOnlyList<string> DefaultProfiles);

public sealed record ToolEffectiveAnswer(string AgentId, string Profile, IReadOnlyList<ToolEffectiveGroup> Groups)
{
    /// <summary>OpenClaw.NET addition: whether the session runs sandboxed, so the UI can say why tools are missing.</summary>
    public bool Sandboxed { get; init; }
}

public sealed record ToolEffectiveGroup(string Id, string Label, string Source, IReadOnlyList<ToolEffectiveEntry> Tools);

public sealed record ToolEffectiveEntry(string Id, string Label, string Description, string RawDescription, string Source);
