using System.Text.Json.Nodes;

namespace OpenClaw.Gateway.Config;

/// <summary>
/// The live configuration: the current validated snapshot, change notifications (hot reload) and
/// optimistic-concurrency writes guarded by <c>baseHash</c> (used by <c>config.get/set/patch</c>).
/// </summary>
public interface IConfigStore
{
    /// <summary>The last valid configuration. An invalid edit on disk keeps the previous snapshot.</summary>
    ConfigSnapshot Current { get; }

    string FilePath { get; }

    /// <summary>Called after every accepted change (file edit or write). Dispose to unsubscribe.</summary>
    IDisposable OnChange(Action<ConfigSnapshot> listener);

    /// <summary>Validates config text without writing it.</summary>
    IReadOnlyList<ConfigError> Validate(string text);

    /// <summary>Replaces the whole file. Refused (Conflict) when <paramref name="baseHash"/> is not the file's current hash.</summary>
    Task<ConfigWriteResult> WriteAsync(string text, string? baseHash, CancellationToken cancellationToken = default);

    /// <summary>Applies a JSON merge-patch (objects merge, null deletes, arrays replace) to the raw file.</summary>
    Task<ConfigWriteResult> PatchAsync(JsonObject mergePatch, string? baseHash, CancellationToken cancellationToken = default);

    /// <summary>Re-reads the file now (the watcher does this on its own after edits).</summary>
    Task<ConfigSnapshot> ReloadAsync(CancellationToken cancellationToken = default);
}

/// <summary>A validated configuration plus the hash and text of the file it came from.</summary>
public sealed record ConfigSnapshot(OpenClawConfig Config, string Hash, string? RawText, bool Exists, string FilePath, DateTimeOffset LoadedAt);

/// <summary>Outcome of a config write. <see cref="Conflict"/>: the base hash was stale; re-read and retry.</summary>
public sealed record ConfigWriteResult(bool Ok, string? Hash, IReadOnlyList<ConfigError> Errors, bool Conflict = false, bool RestartRequired = false)
{
    public static ConfigWriteResult Stale(string currentHash) =>
        new(false, currentHash, [new(ConfigErrorKind.InvalidValue, "baseHash", null, "config changed since it was read", "re-read the config (config.get) and apply the change again")], Conflict: true);
}
