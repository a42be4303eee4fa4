namespace OpenClaw.Gateway.Sessions;

/// <summary>
/// One agent's sessions: the <c>sessions.json</c> index (written atomically, temp file + rename) and one
/// <c>&lt;sessionId&gt;.jsonl</c> transcript per session (append + flush). Keys are full session keys.
/// </summary>
public interface ISessionStore
{
    string AgentId { get; }

    /// <summary>The directory holding sessions.json and the transcripts.</summary>
    string Directory { get; }

    Task<IReadOnlyDictionary<string, SessionEntry>> ListAsync(CancellationToken cancellationToken = default);

    Task<SessionEntry?> GetAsync(string sessionKey, CancellationToken cancellationToken = default);

    /// <summary>Returns the entry, creating it (new sessionId, empty transcript) when missing.</summary>
    Task<SessionEntry> GetOrCreateAsync(string sessionKey, Action<SessionEntry>? initialize = null, CancellationToken cancellationToken = default);

    /// <summary>Applies <paramref name="patch"/> to the entry and persists it; null when the key does not exist.</summary>
    Task<SessionEntry?> PatchAsync(string sessionKey, Action<SessionEntry> patch, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts a fresh session under the same key: new sessionId, the old transcript renamed
    /// <c>&lt;sessionId&gt;.jsonl.reset.&lt;timestamp&gt;</c>; route and toggles are kept, counters cleared.
    /// </summary>
    Task<SessionEntry> ResetAsync(string sessionKey, CancellationToken cancellationToken = default);

    /// <summary>Removes the entry; its transcript is archived as <c>.deleted.&lt;timestamp&gt;</c>.</summary>
    Task<bool> DeleteAsync(string sessionKey, CancellationToken cancellationToken = default);

    /// <summary>The transcript entries (header excluded); a torn last line from a crash is skipped.</summary>
    Task<IReadOnlyList<TranscriptEntry>> ReadTranscriptAsync(string sessionKey, CancellationToken cancellationToken = default);

    /// <summary>Appends a message entry (id/parentId chained) to the session's transcript and flushes it.</summary>
    Task<TranscriptEntry> AppendMessageAsync(string sessionKey, TranscriptMessage message, CancellationToken cancellationToken = default);

    string TranscriptPath(SessionEntry entry);
}

/// <summary>Per-agent session stores.</summary>
public interface ISessionStores
{
    ISessionStore For(string agentId);
}
