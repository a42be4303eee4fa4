using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenClaw.Gateway.Sessions;

/// <summary>The baseline JSON + JSONL session store (spec §4.5).</summary>
public sealed class FileSessionStore(string agentId, string directory, TimeProvider time) : ISessionStore
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonSerializerOptions IndexJson = new(Json) { WriteIndented = true };

    private readonly SemaphoreSlim _indexLock = new(1, 1);
    private readonly ConcurrentDictionary<string, string?> _lastEntryIds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lock> _fileLocks = new(StringComparer.Ordinal);
    private readonly Lock _flushGate = new();
    private TaskCompletionSource? _pendingFlush;
    private Dictionary<string, SessionEntry>? _index;

    public string AgentId { get; } = agentId;

    public string Directory { get; } = directory;

    private string IndexPath => Path.Combine(Directory, "sessions.json");

    public async Task<IReadOnlyDictionary<string, SessionEntry>> ListAsync(CancellationToken cancellationToken = default)
    {
        await _indexLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return LoadIndex().ToDictionary(kv => kv.Key, kv => kv.Value.Clone(), StringComparer.Ordinal);
        }
        finally
        {
            _indexLock.Release();
        }
    }

    public async Task<SessionEntry?> GetAsync(string sessionKey, CancellationToken cancellationToken = default)
    {
        await _indexLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return LoadIndex().TryGetValue(sessionKey, out var entry) ? entry.Clone() : null;
        }
        finally
        {
            _indexLock.Release();
        }
    }

    public Task<SessionEntry> GetOrCreateAsync(string sessionKey, Action<SessionEntry>? initialize = null, CancellationToken cancellationToken = default) =>
        MutateAsync(
            index =>
            {
                if (index.TryGetValue(sessionKey, out var existing))
                {
                    return (existing.Clone(), false);
                }

                var entry = new SessionEntry { SessionId = Guid.NewGuid().ToString(), UpdatedAt = Now(), ChatType = SessionKeys.ChatTypeOf(sessionKey) };
                initialize?.Invoke(entry);
                index[sessionKey] = entry;
                return (entry.Clone(), true);
            },
            cancellationToken);

    public Task<SessionEntry?> PatchAsync(string sessionKey, Action<SessionEntry> patch, CancellationToken cancellationToken = default) =>
        MutateAsync<SessionEntry?>(
            index =>
            {
                if (!index.TryGetValue(sessionKey, out var entry))
                {
                    return (null, false);
                }

                var updated = entry.Clone();
                patch(updated);
                index[sessionKey] = updated;
                return (updated.Clone(), true);
            },
            cancellationToken);

    public Task<SessionEntry> ResetAsync(string sessionKey, CancellationToken cancellationToken = default) =>
        MutateAsync(
            index =>
            {
                var fresh = index.TryGetValue(sessionKey, out var old) ? old.Clone() : new SessionEntry { ChatType = SessionKeys.ChatTypeOf(sessionKey) };
                if (old is not null)
                {
                    Archive(old, "reset");
                }

                fresh.SessionId = Guid.NewGuid().ToString();
                fresh.SessionFile = null;
                fresh.UpdatedAt = Now();
                fresh.InputTokens = fresh.OutputTokens = fresh.TotalTokens = fresh.ContextTokens = fresh.CacheRead = fresh.CacheWrite = null;
                fresh.CompactionCount = null;
                fresh.AbortedLastRun = null;
                index[sessionKey] = fresh;
                return (fresh.Clone(), true);
            },
            cancellationToken);

    public Task<bool> DeleteAsync(string sessionKey, CancellationToken cancellationToken = default) =>
        MutateAsync(
            index =>
            {
                if (!index.Remove(sessionKey, out var old))
                {
                    return (false, false);
                }

                Archive(old, "deleted");
                return (true, true);
            },
            cancellationToken);

    public async Task<IReadOnlyList<TranscriptEntry>> ReadTranscriptAsync(string sessionKey, CancellationToken cancellationToken = default)
    {
        var entry = await GetAsync(sessionKey, cancellationToken).ConfigureAwait(false);
        return entry is null ? [] : ReadEntries(TranscriptPath(entry));
    }

    public async Task<TranscriptEntry> AppendMessageAsync(string sessionKey, TranscriptMessage message, CancellationToken cancellationToken = default)
    {
        var session = await GetOrCreateAsync(sessionKey, null, cancellationToken).ConfigureAwait(false);
        var path = TranscriptPath(session);
        var fileLock = _fileLocks.GetOrAdd(path, static _ => new Lock());
        lock (fileLock)
        {
            var known = _lastEntryIds.TryGetValue(path, out var last);
            var parentId = known ? last : LastIdOnDisk(path);
            var entry = new TranscriptEntry
            {
                Type = "message",
                Id = NewEntryId(),
                ParentId = parentId,
                Timestamp = time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                Message = message,
            };
            var sb = new StringBuilder();
            if (!File.Exists(path))
            {
                System.IO.Directory.CreateDirectory(Directory);
                var header = new TranscriptHeader { Id = session.SessionId, Timestamp = entry.Timestamp!, Cwd = Environment.CurrentDirectory };
                sb.Append(JsonSerializer.Serialize(header, Json)).Append('\n');
            }

            sb.Append(JsonSerializer.Serialize(entry, Json)).Append('\n');
            using (var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.None))
            {
                // A torn previous write (killed process) left no newline: start on a fresh line so this entry stays readable.
                if (!known && stream.Length > 0 && LastByte(path) is not (byte)'\n')
                {
                    stream.WriteByte((byte)'\n');
                }

                stream.Write(Encoding.UTF8.GetBytes(sb.ToString()));
                stream.Flush(flushToDisk: false);
            }

            _lastEntryIds[path] = entry.Id;
            return entry;
        }
    }

    public string TranscriptPath(SessionEntry entry) =>
        entry.SessionFile is { Length: > 0 } file ? (Path.IsPathRooted(file) ? file : Path.Combine(Directory, file)) : Path.Combine(Directory, entry.SessionId + ".jsonl");

    internal static IReadOnlyList<TranscriptEntry> ReadEntries(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var entries = new List<TranscriptEntry>();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith("{\"type\":\"session\"", StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize<TranscriptEntry>(line, Json) is { } entry)
                {
                    entries.Add(entry);
                }
            }
            catch (JsonException)
            {
                // A line torn by a crash mid-write: everything before it is intact, so skip it.
            }
        }

        return entries;
    }

    /// <summary>Runs a mutation under the index lock, then waits until sessions.json on disk includes it.</summary>
    private async Task<T> MutateAsync<T>(Func<Dictionary<string, SessionEntry>, (T Result, bool Changed)> mutate, CancellationToken cancellationToken)
    {
        await _indexLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        (T Result, bool Changed) outcome;
        try
        {
            outcome = mutate(LoadIndex());
        }
        finally
        {
            _indexLock.Release();
        }

        if (outcome.Changed)
        {
            await PersistIndexAsync().ConfigureAwait(false);
        }

        return outcome.Result;
    }

    /// <summary>
    /// Group commit: concurrent mutations share one index write. A flush that has not yet taken its snapshot
    /// covers every mutation made before it, so callers return only once their change is on disk.
    /// </summary>
    private Task PersistIndexAsync()
    {
        lock (_flushGate)
        {
            if (_pendingFlush is { } pending)
            {
                return pending.Task;
            }

            var flush = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _pendingFlush = flush;
            _ = Task.Run(() => FlushAsync(flush));
            return flush.Task;
        }
    }

    private async Task FlushAsync(TaskCompletionSource flush)
    {
        try
        {
            await _indexLock.WaitAsync().ConfigureAwait(false);
            try
            {
                lock (_flushGate)
                {
                    _pendingFlush = null; // later mutations need a later write
                }

                WriteIndex(LoadIndex());
            }
            finally
            {
                _indexLock.Release();
            }

            flush.SetResult();
        }
#pragma warning disable CA1031 // the failure goes to every waiting caller
        catch (Exception ex)
#pragma warning restore CA1031
        {
            flush.SetException(ex);
        }
    }

    private Dictionary<string, SessionEntry> LoadIndex()
    {
        if (_index is not null)
        {
            return _index;
        }

        _index = new Dictionary<string, SessionEntry>(StringComparer.Ordinal);
        if (File.Exists(IndexPath))
        {
            var text = File.ReadAllText(IndexPath);
            if (text.Length > 0)
            {
                _index = JsonSerializer.Deserialize<Dictionary<string, SessionEntry>>(text, Json) ?? _index;
            }
        }

        return _index;
    }

    private void WriteIndex(Dictionary<string, SessionEntry> index)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var temp = Path.Combine(Directory, $"sessions.json.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        // Stream straight to the file: a large index would otherwise allocate a large-object-heap buffer per write.
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 16 * 1024))
        {
            JsonSerializer.Serialize(stream, index, IndexJson);
        }

        File.Move(temp, IndexPath, overwrite: true);
    }

    private void Archive(SessionEntry entry, string reason)
    {
        var path = TranscriptPath(entry);
        _lastEntryIds.TryRemove(path, out _);
        if (File.Exists(path))
        {
            var stamp = time.GetUtcNow().ToString("yyyy-MM-dd'T'HH-mm-ss.fff'Z'", CultureInfo.InvariantCulture);
            File.Move(path, $"{path}.{reason}.{stamp}", overwrite: true);
        }
    }

    private static string? LastIdOnDisk(string path) => ReadEntries(path).LastOrDefault(e => e.Id is not null)?.Id;

    private static byte? LastByte(string path)
    {
        using var read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (read.Length == 0)
        {
            return null;
        }

        read.Seek(-1, SeekOrigin.End);
        return (byte)read.ReadByte();
    }

    private static string NewEntryId() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 4));

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
