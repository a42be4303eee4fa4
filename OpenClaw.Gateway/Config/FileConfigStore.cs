using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace OpenClaw.Gateway.Config;

/// <summary>
/// <see cref="IConfigStore"/> over openclaw.json: watches the file (debounced) for hot reload and writes
/// atomically (temp file + rename). Changes under <c>gateway.*</c> are flagged as needing a restart.
/// </summary>
public sealed partial class FileConfigStore : IConfigStore, IDisposable
{
    private readonly Func<string, string?> _getEnv;
    private readonly ILogger<FileConfigStore> _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Lock _listenersLock = new();
    private readonly List<Action<ConfigSnapshot>> _listeners = [];
    private readonly FileSystemWatcher? _watcher;
    private readonly int _debounceMs;
    private CancellationTokenSource? _debounce;
    private ConfigSnapshot _current;

    public FileConfigStore(ConfigLoadResult initial, string filePath, Func<string, string?> getEnv, ILogger<FileConfigStore> logger)
    {
        FilePath = filePath;
        _getEnv = getEnv;
        _logger = logger;
        _current = new ConfigSnapshot(initial.Config, initial.Hash, initial.RawText, initial.Exists, filePath, DateTimeOffset.UtcNow);
        _debounceMs = Math.Clamp(initial.Config.Gateway.Reload.DebounceMs, 50, 5_000);
        var dir = Path.GetDirectoryName(filePath)!;
        if (initial.Config.Gateway.Reload.Mode != "off" && Directory.Exists(dir))
        {
            _watcher = new FileSystemWatcher(dir, Path.GetFileName(filePath)) { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size };
            _watcher.Changed += (_, _) => ScheduleReload();
            _watcher.Created += (_, _) => ScheduleReload();
            _watcher.Renamed += (_, _) => ScheduleReload();
            _watcher.EnableRaisingEvents = true;
        }
    }

    public ConfigSnapshot Current => Volatile.Read(ref _current);

    public string FilePath { get; }

    public IDisposable OnChange(Action<ConfigSnapshot> listener)
    {
        lock (_listenersLock)
        {
            _listeners.Add(listener);
        }

        return new Unsubscriber(() =>
        {
            lock (_listenersLock)
            {
                _listeners.Remove(listener);
            }
        });
    }

    public IReadOnlyList<ConfigError> Validate(string text) =>
        ConfigLoader.LoadText(text, Path.GetDirectoryName(FilePath)!, _getEnv).Errors;

    public async Task<ConfigWriteResult> WriteAsync(string text, string? baseHash, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var onDisk = File.Exists(FilePath) ? await File.ReadAllTextAsync(FilePath, cancellationToken).ConfigureAwait(false) : null;
            var diskHash = ConfigLoader.HashOf(onDisk ?? "");
            if (onDisk is not null && !string.Equals(baseHash, diskHash, StringComparison.OrdinalIgnoreCase))
            {
                return ConfigWriteResult.Stale(diskHash);
            }

            var result = ConfigLoader.LoadText(text, Path.GetDirectoryName(FilePath)!, _getEnv);
            if (!result.IsValid)
            {
                return new ConfigWriteResult(false, diskHash, result.Errors);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            var temp = $"{FilePath}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            await File.WriteAllTextAsync(temp, text, cancellationToken).ConfigureAwait(false);
            File.Move(temp, FilePath, overwrite: true);
            var restart = Apply(result with { Exists = true });
            return new ConfigWriteResult(true, result.Hash, [], RestartRequired: restart);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<ConfigWriteResult> PatchAsync(JsonObject mergePatch, string? baseHash, CancellationToken cancellationToken = default)
    {
        var onDisk = File.Exists(FilePath) ? await File.ReadAllTextAsync(FilePath, cancellationToken).ConfigureAwait(false) : "{}";
        JsonNode? root;
        try
        {
            root = Json5Reader.Parse(onDisk).Root ?? new JsonObject();
        }
        catch (Json5Exception ex)
        {
            return new ConfigWriteResult(false, ConfigLoader.HashOf(onDisk), [new(ConfigErrorKind.Syntax, "", ex.Line, "the config file on disk is not valid JSON5; fix it before patching")]);
        }

        var patched = MergePatch.Apply(root, mergePatch);
        var text = patched?.ToJsonString(ConfigJson.Options) ?? "{}";
        return await WriteAsync(text, baseHash ?? (File.Exists(FilePath) ? null : ConfigLoader.HashOf("")), cancellationToken).ConfigureAwait(false);
    }

    public Task<ConfigSnapshot> ReloadAsync(CancellationToken cancellationToken = default)
    {
        var result = ConfigLoader.LoadFile(FilePath, _getEnv);
        if (!result.IsValid)
        {
            LogInvalidReload(_logger, FilePath, string.Join("; ", result.Errors));
            return Task.FromResult(Current);
        }

        if (result.Hash != Current.Hash)
        {
            Apply(result);
        }

        return Task.FromResult(Current);
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _debounce?.Cancel();
        _debounce?.Dispose();
        _writeLock.Dispose();
    }

    private bool Apply(ConfigLoadResult result)
    {
        var previous = Current;
        var snapshot = new ConfigSnapshot(result.Config, result.Hash, result.RawText, result.Exists, FilePath, DateTimeOffset.UtcNow);
        Volatile.Write(ref _current, snapshot);
        var restart = JsonSerializer.Serialize(previous.Config.Gateway, ConfigJson.Options) != JsonSerializer.Serialize(result.Config.Gateway, ConfigJson.Options);
        if (restart)
        {
            LogRestartRequired(_logger);
        }

        Action<ConfigSnapshot>[] listeners;
        lock (_listenersLock)
        {
            listeners = [.. _listeners];
        }

        foreach (var listener in listeners)
        {
            try
            {
                listener(snapshot);
            }
#pragma warning disable CA1031 // one faulty listener must not stop the others from seeing the new config
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogListenerFailed(_logger, ex);
            }
        }

        return restart;
    }

    private void ScheduleReload()
    {
        var cts = new CancellationTokenSource();
        var old = Interlocked.Exchange(ref _debounce, cts);
        old?.Cancel();
        _ = Task.Delay(_debounceMs, cts.Token).ContinueWith(
            async t =>
            {
                if (!t.IsCanceled)
                {
                    await _writeLock.WaitAsync().ConfigureAwait(false);
                    try
                    {
                        await ReloadAsync().ConfigureAwait(false);
                    }
                    finally
                    {
                        _writeLock.Release();
                    }
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Config file {Path} changed but is invalid; keeping the previous config: {Errors}")]
    private static partial void LogInvalidReload(ILogger logger, string path, string errors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "gateway.* settings changed: restart the gateway to apply them (port, bind, auth, HTTP endpoints)")]
    private static partial void LogRestartRequired(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "A config change listener failed")]
    private static partial void LogListenerFailed(ILogger logger, Exception ex);

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}

/// <summary>RFC 7396 JSON merge-patch.</summary>
public static class MergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject t ? (JsonObject)t.DeepClone() : [];
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                var merged = Apply(result[key], value);
                result.Remove(key);
                result[key] = merged;
            }
        }

        return result;
    }
}
