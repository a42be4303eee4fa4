using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using OpenClaw.Gateway.Config;

namespace OpenClaw.Gateway.Security;

/// <summary>
/// Device pairing state in upstream's layout: <c>&lt;state&gt;/devices/pending.json</c> (requestId →
/// request) and <c>paired.json</c> (deviceId → device with tokens per role). Every change rewrites the
/// file atomically (temp file + rename, mode 0600). Files are re-read on each operation so the CLI's
/// local fallback and the gateway never overwrite each other's changes with a stale copy.
/// </summary>
public sealed class DevicePairingStore(OpenClawPaths paths, TimeProvider clock)
{
    public static readonly TimeSpan PendingTtl = TimeSpan.FromMinutes(5);

    private static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly Lock _gate = new();

    private string PendingPath => Path.Combine(paths.StateDir, "devices", "pending.json");

    private string PairedPath => Path.Combine(paths.StateDir, "devices", "paired.json");

    private long Now => clock.GetUtcNow().ToUnixTimeMilliseconds();

    public (IReadOnlyList<PendingPairingRequest> Pending, IReadOnlyList<PairedDevice> Paired) List()
    {
        lock (_gate)
        {
            var pending = LoadPending();
            return ([.. pending.Values.OrderByDescending(p => p.Ts)], [.. LoadPaired().Values.OrderByDescending(p => p.ApprovedAtMs)]);
        }
    }

    public PairedDevice? GetPaired(string deviceId)
    {
        lock (_gate)
        {
            return LoadPaired().GetValueOrDefault(deviceId);
        }
    }

    /// <summary>
    /// Creates or refreshes the pending request of a device. An identical request (same key, role and
    /// scopes) keeps its id and gets a fresh timestamp; a changed one supersedes it with a new id.
    /// </summary>
    public (PendingPairingRequest Request, bool Created) RequestPairing(PendingPairingRequest candidate)
    {
        lock (_gate)
        {
            var pending = LoadPending();
            var existing = pending.Values.FirstOrDefault(p => p.DeviceId == candidate.DeviceId);
            if (existing is not null && existing.PublicKey == candidate.PublicKey && existing.Role == candidate.Role
                && existing.Scopes.Order(StringComparer.Ordinal).SequenceEqual(candidate.Scopes.Order(StringComparer.Ordinal)))
            {
                var refreshed = existing with { Ts = Now };
                pending[existing.RequestId] = refreshed;
                SavePending(pending);
                return (refreshed, false);
            }

            if (existing is not null)
            {
                pending.Remove(existing.RequestId);
            }

            var created = candidate with { RequestId = Guid.NewGuid().ToString(), Ts = Now };
            pending[created.RequestId] = created;
            SavePending(pending);
            return (created, true);
        }
    }

    /// <summary>Approves a pending request: merges role and scopes into the paired device and issues its token.</summary>
    public PairedDevice? Approve(string requestId, string approvedVia)
    {
        lock (_gate)
        {
            var pending = LoadPending();
            if (!pending.Remove(requestId, out var request))
            {
                return null;
            }

            var device = ApproveLocked(request, approvedVia);
            SavePending(pending);
            return device;
        }
    }

    /// <summary>Pairs a device without a pending request (loopback auto-approval).</summary>
    public PairedDevice ApproveSilently(PendingPairingRequest request)
    {
        lock (_gate)
        {
            var pending = LoadPending();
            foreach (var stale in pending.Values.Where(p => p.DeviceId == request.DeviceId).ToList())
            {
                pending.Remove(stale.RequestId);
            }

            SavePending(pending);
            return ApproveLocked(request, "silent");
        }
    }

    public PendingPairingRequest? Reject(string requestId)
    {
        lock (_gate)
        {
            var pending = LoadPending();
            if (!pending.Remove(requestId, out var request))
            {
                return null;
            }

            SavePending(pending);
            return request;
        }
    }

    public PairedDevice? Remove(string deviceId)
    {
        lock (_gate)
        {
            var paired = LoadPaired();
            if (!paired.Remove(deviceId, out var device))
            {
                return null;
            }

            SavePaired(paired);
            return device;
        }
    }

    /// <summary>Issues a new token for the role (scopes default to the current ones, capped by the approval).</summary>
    public DeviceTokenRecord? RotateToken(string deviceId, string role, IReadOnlyList<string>? scopes)
    {
        lock (_gate)
        {
            var paired = LoadPaired();
            if (!paired.TryGetValue(deviceId, out var device) || !device.Roles.Contains(role))
            {
                return null;
            }

            var granted = (scopes ?? device.Tokens.GetValueOrDefault(role)?.Scopes ?? device.Scopes)
                .Where(device.ApprovedScopes.Contains).Distinct().ToList();
            var token = NewToken(role, granted) with
            {
                CreatedAtMs = device.Tokens.GetValueOrDefault(role)?.CreatedAtMs ?? Now,
                RotatedAtMs = Now,
            };
            device.Tokens[role] = token;
            SavePaired(paired);
            return token;
        }
    }

    public DeviceTokenRecord? RevokeToken(string deviceId, string role)
    {
        lock (_gate)
        {
            var paired = LoadPaired();
            if (!paired.TryGetValue(deviceId, out var device) || !device.Tokens.TryGetValue(role, out var token))
            {
                return null;
            }

            var revoked = token with { RevokedAtMs = Now };
            device.Tokens[role] = revoked;
            SavePaired(paired);
            return revoked;
        }
    }

    /// <summary>Checks a device token: paired, present for the role, not revoked, equal, scopes covered.</summary>
    public DeviceTokenCheck VerifyToken(string deviceId, string role, string presented, IReadOnlyList<string> scopes)
    {
        lock (_gate)
        {
            var paired = LoadPaired();
            if (!paired.TryGetValue(deviceId, out var device))
            {
                return DeviceTokenCheck.NotPaired;
            }

            if (!device.Tokens.TryGetValue(role, out var token) || token.RevokedAtMs is not null
                || !SharedSecretAuthenticator.FixedTimeEquals(presented, token.Token))
            {
                return DeviceTokenCheck.Mismatch;
            }

            if (!scopes.All(token.Scopes.Contains))
            {
                return DeviceTokenCheck.ScopeMismatch;
            }

            device.Tokens[role] = token with { LastUsedAtMs = Now };
            SavePaired(paired);
            return DeviceTokenCheck.Valid;
        }
    }

    /// <summary>The live token of the role, issuing one when there is none (or it was revoked).</summary>
    public DeviceTokenRecord EnsureToken(string deviceId, string role, IReadOnlyList<string> scopes)
    {
        lock (_gate)
        {
            var paired = LoadPaired();
            var device = paired[deviceId];
            if (device.Tokens.TryGetValue(role, out var token) && token.RevokedAtMs is null && scopes.All(token.Scopes.Contains))
            {
                return token;
            }

            var issued = NewToken(role, [.. device.ApprovedScopes.Intersect(device.Scopes)]);
            device.Tokens[role] = issued;
            SavePaired(paired);
            return issued;
        }
    }

    private PairedDevice ApproveLocked(PendingPairingRequest request, string approvedVia)
    {
        var paired = LoadPaired();
        var now = Now;
        var existing = paired.GetValueOrDefault(request.DeviceId);
        var roles = (existing?.Roles ?? []).Union(request.Roles.Count > 0 ? request.Roles : [request.Role ?? "operator"]).ToList();
        var scopes = (existing is not null && existing.PublicKey == request.PublicKey ? existing.Scopes : []).Union(request.Scopes).ToList();
        var tokens = existing is not null && existing.PublicKey == request.PublicKey
            ? new Dictionary<string, DeviceTokenRecord>(existing.Tokens, StringComparer.Ordinal)
            : new Dictionary<string, DeviceTokenRecord>(StringComparer.Ordinal);
        foreach (var role in roles)
        {
            if (!tokens.TryGetValue(role, out var token) || token.RevokedAtMs is not null || !scopes.All(token.Scopes.Contains))
            {
                tokens[role] = NewToken(role, scopes) with { CreatedAtMs = token?.CreatedAtMs ?? now, RotatedAtMs = token is null ? null : now };
            }
        }

        var device = new PairedDevice
        {
            DeviceId = request.DeviceId,
            PublicKey = request.PublicKey,
            DisplayName = request.DisplayName ?? existing?.DisplayName,
            Platform = request.Platform,
            DeviceFamily = request.DeviceFamily,
            ClientId = request.ClientId,
            ClientMode = request.ClientMode,
            Role = request.Role ?? existing?.Role,
            Roles = roles,
            Scopes = scopes,
            ApprovedScopes = scopes,
            RemoteIp = request.RemoteIp,
            ApprovedVia = approvedVia,
            Tokens = tokens,
            CreatedAtMs = existing?.CreatedAtMs ?? now,
            ApprovedAtMs = now,
            LastSeenAtMs = existing?.LastSeenAtMs,
        };
        paired[device.DeviceId] = device;
        SavePaired(paired);
        return device;
    }

    private DeviceTokenRecord NewToken(string role, List<string> scopes) => new()
    {
        Token = Base64Url.Encode(RandomNumberGenerator.GetBytes(32)),
        Role = role,
        Scopes = scopes,
        CreatedAtMs = Now,
    };

    private Dictionary<string, PendingPairingRequest> LoadPending()
    {
        var all = Load<PendingPairingRequest>(PendingPath);
        var cutoff = Now - (long)PendingTtl.TotalMilliseconds;
        foreach (var expired in all.Values.Where(p => p.Ts < cutoff).ToList())
        {
            all.Remove(expired.RequestId);
        }

        return all;
    }

    private Dictionary<string, PairedDevice> LoadPaired() => Load<PairedDevice>(PairedPath);

    private void SavePending(Dictionary<string, PendingPairingRequest> pending) => AtomicFile.WriteJson(PendingPath, pending, FileJson);

    private void SavePaired(Dictionary<string, PairedDevice> paired) => AtomicFile.WriteJson(PairedPath, paired, FileJson);

    private static Dictionary<string, T> Load<T>(string path)
    {
        if (!File.Exists(path))
        {
            return new Dictionary<string, T>(StringComparer.Ordinal);
        }

        try
        {
            using var stream = File.OpenRead(path);
            var map = JsonSerializer.Deserialize<Dictionary<string, T>>(stream, FileJson);
            return map is null ? new(StringComparer.Ordinal) : new(map, StringComparer.Ordinal);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not valid pairing state ({ex.Message}); fix or remove the file", ex);
        }
    }
}
