using System.Text.Json;
using OpenClaw.Gateway.Security;

namespace OpenClaw.Gateway.Cron;

/// <summary>
/// <c>jobs.json</c>: read when it changed on disk (hand edits, another replica sharing the state directory), written
/// atomically (temp file + rename). Every change is a read-modify-write under one lock so concurrent method calls and
/// runs in this process never lose each other's updates.
/// </summary>
public sealed class CronStore(string path, ILogger logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private CronStoreFile _file = new();
    private DateTime _loadedWriteTime = DateTime.MinValue;
    private long _loadedLength = -1;

    public string Path { get; } = path;

    /// <summary>A copy of every job (fresh from disk when the file changed).</summary>
    public async Task<IReadOnlyList<CronJob>> ReadAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ReloadIfChanged();
            return [.. _file.Jobs.Select(j => j.Clone())];
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Applies <paramref name="change"/> to the current jobs and saves when it returns true.</summary>
    public async Task<T> UpdateAsync<T>(Func<List<CronJob>, (bool Changed, T Result)> change, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ReloadIfChanged();
            var (changed, result) = change(_file.Jobs);
            if (changed)
            {
                Save();
            }

            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private void ReloadIfChanged()
    {
        var info = new FileInfo(Path);
        if (!info.Exists)
        {
            if (_loadedLength != -1)
            {
                _file = new CronStoreFile();
                _loadedLength = -1;
                _loadedWriteTime = DateTime.MinValue;
            }

            return;
        }

        if (info.LastWriteTimeUtc == _loadedWriteTime && info.Length == _loadedLength)
        {
            return;
        }

        try
        {
            var text = File.ReadAllText(Path);
            _file = string.IsNullOrWhiteSpace(text) ? new CronStoreFile() : JsonSerializer.Deserialize<CronStoreFile>(text, CronJson.Options) ?? new CronStoreFile();
            _file.Jobs.RemoveAll(j => string.IsNullOrWhiteSpace(j.Id));
            foreach (var job in _file.Jobs)
            {
                job.State ??= new CronJobState();
                job.Schedule ??= new CronSchedule();
                job.Payload ??= new CronPayload();
            }
        }
        catch (JsonException ex)
        {
            // Keep the last good jobs rather than dropping every schedule because of one bad hand edit.
            logger.LogError("cron store {Path} is not valid JSON (line {Line}): {Message}; keeping the previously loaded jobs until it is fixed",
                Path, ex.LineNumber + 1, ex.Message);
        }

        _loadedWriteTime = info.LastWriteTimeUtc;
        _loadedLength = info.Length;
    }

    private void Save()
    {
        AtomicFile.WriteJson(Path, _file, CronJson.Options);
        var info = new FileInfo(Path);
        _loadedWriteTime = info.LastWriteTimeUtc;
        _loadedLength = info.Length;
    }
}
