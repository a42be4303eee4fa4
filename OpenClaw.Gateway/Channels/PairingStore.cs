using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using OpenClaw.Gateway.Config;

namespace OpenClaw.Gateway.Channels;

/// <summary>
/// DM pairing state in upstream's layout (spec §7.2, Appendix A) under <c>&lt;stateDir&gt;/credentials/</c>:
/// <c>&lt;channel&gt;-pairing.json</c> = <c>{version:1, requests:[{id, code, createdAt, lastSeenAt, meta:{accountId}}]}</c>
/// and approved senders in <c>&lt;channel&gt;-allowFrom.json</c> (default account) or
/// <c>&lt;channel&gt;-&lt;accountId&gt;-allowFrom.json</c> = <c>{version:1, allowFrom:[ids]}</c>. Codes are 8
/// characters without 0/O/1/I, valid 1 hour, at most 3 pending per channel (the least recently seen is dropped).
/// Files are written atomically (temp file + rename); one lock serialises this process's writers.
/// </summary>
public sealed class PairingStore(OpenClawPaths paths, TimeProvider clock)
{
    public const string CodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    public const int CodeLength = 8;
    public const int MaxPendingPerChannel = 3;
    public static readonly TimeSpan CodeTtl = TimeSpan.FromHours(1);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly SemaphoreSlim _lock = new(1, 1);

    /// <summary>Raised after a new pairing code was stored (the WS protocol turns it into <c>pairing.requested</c>).</summary>
    public event Action<string, PairingRequest>? RequestCreated;

    private string CredentialsDir => Path.Combine(paths.StateDir, "credentials");

    /// <summary>Pending, unexpired requests of a channel.</summary>
    public async Task<IReadOnlyList<PairingRequest>> ListAsync(string channel, CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return [.. LivePending(await ReadPairingAsync(channel, cancellationToken).ConfigureAwait(false))];
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Records that <paramref name="senderId"/> asked for access. Returns the request and whether it is new
    /// (only a new request gets a reply, so a sender is told at most about once an hour).
    /// </summary>
    public async Task<(PairingRequest Request, bool Created)> UpsertAsync(string channel, string accountId, string senderId,
        string? senderName, string? chatId = null, CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = clock.GetUtcNow();
            var file = await ReadPairingAsync(channel, cancellationToken).ConfigureAwait(false);
            var pending = LivePending(file).ToList();
            var existing = pending.FirstOrDefault(r => r.Id == senderId && r.Meta?.GetValueOrDefault("accountId") == accountId);
            bool created;
            PairingRequest request;
            if (existing is not null)
            {
                request = existing with { LastSeenAt = now };
                pending[pending.IndexOf(existing)] = request;
                created = false;
            }
            else
            {
                var meta = new Dictionary<string, string> { ["accountId"] = accountId };
                if (senderName is { Length: > 0 })
                {
                    meta["name"] = senderName;
                }

                if (chatId is { Length: > 0 } && chatId != senderId)
                {
                    // Where to notify on approval when the DM chat id is not the user id (Discord, Slack).
                    meta["chatId"] = chatId;
                }

                request = new PairingRequest(senderId, NewCode(pending), now, now, meta);
                pending.Add(request);
                created = true;
                while (pending.Count > MaxPendingPerChannel)
                {
                    pending.Remove(pending.MinBy(r => r.LastSeenAt)!);
                }
            }

            await WriteAsync(PairingPath(channel), new PairingFile(1, pending), cancellationToken).ConfigureAwait(false);
            if (created)
            {
                RequestCreated?.Invoke(channel, request);
            }

            return (request, created);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Approves a pending code: the sender joins the account's allowFrom store and the request is removed. Null when no such code is pending.</summary>
    public async Task<PairingRequest?> ApproveAsync(string channel, string code, CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var pending = LivePending(await ReadPairingAsync(channel, cancellationToken).ConfigureAwait(false)).ToList();
            var request = pending.FirstOrDefault(r => string.Equals(r.Code, code.Trim(), StringComparison.OrdinalIgnoreCase));
            if (request is null)
            {
                return null;
            }

            var accountId = request.Meta?.GetValueOrDefault("accountId") ?? "default";
            var allowPath = AllowFromPath(channel, accountId);
            var allow = await ReadAllowFromAsync(allowPath, cancellationToken).ConfigureAwait(false);
            if (!allow.Contains(request.Id, StringComparer.OrdinalIgnoreCase))
            {
                allow.Add(request.Id);
            }

            await WriteAsync(allowPath, new AllowFromFile(1, allow), cancellationToken).ConfigureAwait(false);
            pending.Remove(request);
            await WriteAsync(PairingPath(channel), new PairingFile(1, pending), cancellationToken).ConfigureAwait(false);
            return request;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Drops a pending code without approving it. Null when no such code is pending.</summary>
    public async Task<PairingRequest?> RejectAsync(string channel, string code, CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var pending = LivePending(await ReadPairingAsync(channel, cancellationToken).ConfigureAwait(false)).ToList();
            var request = pending.FirstOrDefault(r => string.Equals(r.Code, code.Trim(), StringComparison.OrdinalIgnoreCase));
            if (request is null)
            {
                return null;
            }

            pending.Remove(request);
            await WriteAsync(PairingPath(channel), new PairingFile(1, pending), cancellationToken).ConfigureAwait(false);
            return request;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Removes an approved sender from the account's allowFrom store. False when it was not there.</summary>
    public async Task<bool> RevokeAsync(string channel, string accountId, string senderId, CancellationToken cancellationToken = default)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var path = AllowFromPath(channel, accountId);
            var allow = await ReadAllowFromAsync(path, cancellationToken).ConfigureAwait(false);
            if (allow.RemoveAll(id => string.Equals(id, senderId.Trim(), StringComparison.OrdinalIgnoreCase)) == 0)
            {
                return false;
            }

            await WriteAsync(path, new AllowFromFile(1, allow), cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Every approved sender of a channel, over all its accounts' allowFrom stores.</summary>
    public async Task<IReadOnlyList<ApprovedSender>> ListApprovedAsync(string channel, CancellationToken cancellationToken = default)
    {
        var approved = new List<ApprovedSender>();
        if (!Directory.Exists(CredentialsDir))
        {
            return approved;
        }

        var prefix = $"{Safe(channel)}-";
        foreach (var path in Directory.EnumerateFiles(CredentialsDir, $"{prefix}*allowFrom.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            var middle = name[prefix.Length..^"allowFrom.json".Length];
            var accountId = middle.Length == 0 ? "default" : middle.TrimEnd('-');
            if (middle.Length > 0 && !middle.EndsWith('-'))
            {
                continue;
            }

            foreach (var id in await ReadAllowFromAsync(path, cancellationToken).ConfigureAwait(false))
            {
                approved.Add(new ApprovedSender(accountId, id));
            }
        }

        return approved;
    }

    /// <summary>Channels that have a pairing file (pending or past requests).</summary>
    public IReadOnlyList<string> ChannelsWithPairingFiles() =>
        Directory.Exists(CredentialsDir)
            ? [.. Directory.EnumerateFiles(CredentialsDir, "*-pairing.json").Select(p => Path.GetFileName(p)[..^"-pairing.json".Length])]
            : [];

    /// <summary>Senders approved by pairing for a channel account.</summary>
    public async Task<IReadOnlyList<string>> ApprovedAsync(string channel, string accountId, CancellationToken cancellationToken = default) =>
        await ReadAllowFromAsync(AllowFromPath(channel, accountId), cancellationToken).ConfigureAwait(false);

    public string PairingPath(string channel) => Path.Combine(CredentialsDir, $"{Safe(channel)}-pairing.json");

    public string AllowFromPath(string channel, string accountId) => accountId is "default" or ""
        ? Path.Combine(CredentialsDir, $"{Safe(channel)}-allowFrom.json")
        : Path.Combine(CredentialsDir, $"{Safe(channel)}-{Safe(accountId)}-allowFrom.json");

    private IEnumerable<PairingRequest> LivePending(PairingFile file)
    {
        var now = clock.GetUtcNow();
        return file.Requests.Where(r => now - r.CreatedAt < CodeTtl);
    }

    private static string NewCode(IReadOnlyCollection<PairingRequest> pending)
    {
        while (true)
        {
            var code = string.Create(CodeLength, 0, (span, _) =>
            {
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = CodeAlphabet[RandomNumberGenerator.GetInt32(CodeAlphabet.Length)];
                }
            });
            if (pending.All(r => r.Code != code))
            {
                return code;
            }
        }
    }

    private async Task<PairingFile> ReadPairingAsync(string channel, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = File.OpenRead(PairingPath(channel));
            return await JsonSerializer.DeserializeAsync<PairingFile>(stream, Json, cancellationToken).ConfigureAwait(false) ?? PairingFile.Empty;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return PairingFile.Empty;
        }
    }

    private static async Task<List<string>> ReadAllowFromAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = File.OpenRead(path);
            var file = await JsonSerializer.DeserializeAsync<AllowFromFile>(stream, Json, cancellationToken).ConfigureAwait(false);
            return [.. file?.AllowFrom ?? []];
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return [];
        }
    }

    private static async Task WriteAsync<T>(string path, T value, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllBytesAsync(temp, JsonSerializer.SerializeToUtf8Bytes(value, Json), cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: true);
    }

    private static string Safe(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_'));

    private sealed record PairingFile(int Version, IReadOnlyList<PairingRequest> Requests)
    {
        public static readonly PairingFile Empty = new(1, []);
    }

    private sealed record AllowFromFile(int Version, IReadOnlyList<string> AllowFrom);
}

/// <summary>One pending DM pairing request, as stored in <c>&lt;channel&gt;-pairing.json</c>.</summary>
public sealed record PairingRequest(string Id, string Code, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, Dictionary<string, string>? Meta);

/// <summary>A sender approved by pairing, from <c>&lt;channel&gt;[-&lt;accountId&gt;]-allowFrom.json</c>.</summary>
public sealed record ApprovedSender(string AccountId, string Id);
