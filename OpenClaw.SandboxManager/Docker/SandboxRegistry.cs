using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using OpenClaw.Contracts;
using StackExchange.Redis;

namespace OpenClaw.SandboxManager.Docker;

/// <summary>
/// Upstream's sandbox registry (<c>containers.json</c> entries) kept in the Redis hash <c>openclaw:sandbox:registry</c>
/// so every manager sees the same last-used times, and mirrored to <c>&lt;stateDir&gt;/sandbox/containers.json</c>
/// (atomic write) for tools that read upstream's file.
/// </summary>
public sealed class SandboxRegistry(IConnectionMultiplexer redis, IOptions<SandboxManagerOptions> options, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    private readonly string _key = $"{options.Value.Prefix}sandbox:registry";
    private readonly SemaphoreSlim _mirrorLock = new(1, 1);
    private long _lastMirrorMs;

    public async Task<SandboxRegistryEntry?> GetAsync(string containerName)
    {
        var value = await redis.GetDatabase().HashGetAsync(_key, containerName);
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<SandboxRegistryEntry>((string)value!, Json);
    }

    public async Task<IReadOnlyDictionary<string, SandboxRegistryEntry>> AllAsync()
    {
        var entries = await redis.GetDatabase().HashGetAllAsync(_key);
        return entries.ToDictionary(e => (string)e.Name!, e => JsonSerializer.Deserialize<SandboxRegistryEntry>((string)e.Value!, Json)!);
    }

    public async Task UpsertAsync(SandboxRegistryEntry entry, bool mirrorNow)
    {
        await redis.GetDatabase().HashSetAsync(_key, entry.ContainerName, JsonSerializer.Serialize(entry, Json));
        await MirrorAsync(force: mirrorNow);
    }

    public async Task RemoveAsync(string containerName)
    {
        await redis.GetDatabase().HashDeleteAsync(_key, containerName);
        await MirrorAsync(force: true);
    }

    /// <summary>Writes containers.json; last-used updates alone are written at most every 10 s.</summary>
    private async Task MirrorAsync(bool force)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (!force && now - Interlocked.Read(ref _lastMirrorMs) < 10_000)
        {
            return;
        }

        await _mirrorLock.WaitAsync();
        try
        {
            Interlocked.Exchange(ref _lastMirrorMs, now);
            var entries = (await AllAsync()).Values.OrderBy(e => e.ContainerName, StringComparer.Ordinal).ToList();
            var dir = Path.Combine(options.Value.ResolveStateDir(), "sandbox");
            Directory.CreateDirectory(dir);
            var target = Path.Combine(dir, "containers.json");
            var temp = $"{target}.{Ulid.NewId()}.tmp";
            await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(new { entries }, Json));
            File.Move(temp, target, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The mirror is a convenience for upstream tools; Redis stays the source of truth.
        }
        finally
        {
            _mirrorLock.Release();
        }
    }
}

/// <summary>One registry entry, in upstream's field names.</summary>
public sealed record SandboxRegistryEntry
{
    public required string ContainerName { get; init; }
    public required string SessionKey { get; init; }
    public long CreatedAtMs { get; init; }
    public long LastUsedAtMs { get; init; }
    public required string Image { get; init; }
    public required string ConfigHash { get; init; }
    public int? IdleHours { get; init; }
    public int? MaxAgeDays { get; init; }
}
