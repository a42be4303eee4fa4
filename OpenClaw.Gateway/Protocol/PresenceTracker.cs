using System.Text.RegularExpressions;

namespace OpenClaw.Gateway.Protocol;

/// <summary>
/// The presence list (<c>system-presence</c>, <c>hello-ok.snapshot.presence</c>, <c>presence</c> events), as
/// upstream keeps it: the gateway itself, then UI and app clients keyed by device id (or instance id, or
/// connection), newest first. A client's entry carries its real address, roles and scopes; a disconnected
/// client stays listed with reason <c>disconnect</c> for 5 minutes; <c>system-event</c> beacons update
/// <c>lastInputSeconds</c>. Short-lived CLI and probe connections are not listed, so scripted calls do not
/// flood presence events.
/// </summary>
public sealed partial class PresenceTracker(GatewayInstance instance, EventBroadcaster events, TimeProvider clock)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);

    private const int MaxEntries = 200;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Tracked> _entries = new(StringComparer.Ordinal);
    private readonly Lazy<GatewayHost> _host = new(GatewayHost.Detect);

    public IReadOnlyList<PresenceEntry> Snapshot()
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var host = _host.Value;
        var self = new PresenceEntry
        {
            Host = host.Host,
            Ip = host.Ip,
            Version = instance.Version,
            Platform = host.Platform,
            DeviceFamily = host.DeviceFamily,
            ModelIdentifier = host.ModelIdentifier,
            Mode = "gateway",
            Reason = "self",
            InstanceId = instance.InstanceId,
            Text = $"Gateway: {host.Host} ({host.Ip}) · app {instance.Version} · mode gateway · reason self",
            Ts = now,
        };
        lock (_gate)
        {
            foreach (var (key, tracked) in _entries.Where(e => e.Value.Open == 0 && now - e.Value.Entry.Ts > Ttl.TotalMilliseconds).ToList())
            {
                _entries.Remove(key);
            }

            foreach (var (key, _) in _entries.OrderBy(e => e.Value.Entry.Ts).Take(Math.Max(0, _entries.Count - MaxEntries)).ToList())
            {
                _entries.Remove(key);
            }

            return [self, .. _entries.Values.Select(t => t.Entry).OrderByDescending(e => e.Ts)];
        }
    }

    public Task ConnectedAsync(GatewayConnection connection)
    {
        if (!IsListed(connection))
        {
            return Task.CompletedTask;
        }

        var client = connection.Client!;
        var host = client.DisplayName ?? client.Id ?? _host.Value.Host;
        var ip = connection.RemoteIp?.ToString();
        Upsert(KeyOf(connection), opening: true, new PresenceEntry
        {
            Host = host,
            Ip = ip,
            Version = client.Version,
            Platform = client.Platform,
            DeviceFamily = client.DeviceFamily,
            ModelIdentifier = client.ModelIdentifier,
            Mode = client.Mode,
            Reason = "connect",
            InstanceId = connection.DeviceId ?? client.InstanceId,
            DeviceId = connection.DeviceId,
            Roles = [connection.Role],
            Scopes = [.. connection.Scopes],
            Text = $"Node: {host} · mode {client.Mode}",
        });
        return PublishAsync();
    }

    public Task DisconnectedAsync(GatewayConnection connection)
    {
        if (!IsListed(connection))
        {
            return Task.CompletedTask;
        }

        lock (_gate)
        {
            if (!_entries.TryGetValue(KeyOf(connection), out var tracked))
            {
                return Task.CompletedTask;
            }

            // The same device may be connected twice (two tabs): only the last close marks it gone.
            if (--tracked.Open == 0)
            {
                tracked.Entry = tracked.Entry with { Reason = "disconnect", Ts = clock.GetUtcNow().ToUnixTimeMilliseconds() };
            }
        }

        return PublishAsync();
    }

    /// <summary>
    /// A <c>system-event</c> beacon: explicit fields win, else what upstream's text format carries
    /// (<c>Node: host (ip) · app 1.2 · last input 5s ago · mode ui · reason beacon</c>).
    /// </summary>
    public Task ReportAsync(PresenceEntry report)
    {
        var text = report.Text?.Trim() ?? "";
        var match = BeaconText().Match(text);
        var parsed = match.Success
            ? new PresenceEntry
            {
                Host = match.Groups["host"].Value.Trim(),
                Ip = match.Groups["ip"].Value.Trim(),
                Version = match.Groups["version"].Value.Trim(),
                LastInputSeconds = int.TryParse(match.Groups["idle"].Value, out var idle) ? idle : null,
                Mode = match.Groups["mode"].Value.Trim(),
                Reason = match.Groups["reason"].Value.Trim(),
            }
            : new PresenceEntry();
        var entry = Merge(parsed, report with { Text = text });
        var key = (report.DeviceId ?? report.InstanceId ?? entry.Host ?? entry.Ip ?? text[..Math.Min(64, text.Length)]).ToLowerInvariant();
        Upsert(key, opening: false, entry);
        return PublishAsync();
    }

    private void Upsert(string key, bool opening, PresenceEntry update)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var tracked))
            {
                _entries[key] = tracked = new Tracked(update);
            }
            else
            {
                tracked.Entry = Merge(tracked.Entry, update);
            }

            tracked.Entry = tracked.Entry with { Ts = now };
            tracked.Open += opening ? 1 : 0;
        }
    }

    /// <summary>Later values win field by field; roles and scopes accumulate, as upstream merges them.</summary>
    private static PresenceEntry Merge(PresenceEntry existing, PresenceEntry update) => new()
    {
        Host = update.Host ?? existing.Host,
        Ip = update.Ip ?? existing.Ip,
        Version = update.Version ?? existing.Version,
        Platform = update.Platform ?? existing.Platform,
        DeviceFamily = update.DeviceFamily ?? existing.DeviceFamily,
        ModelIdentifier = update.ModelIdentifier ?? existing.ModelIdentifier,
        LastInputSeconds = update.LastInputSeconds ?? existing.LastInputSeconds,
        Mode = update.Mode ?? existing.Mode,
        Reason = update.Reason ?? existing.Reason,
        InstanceId = update.InstanceId ?? existing.InstanceId,
        DeviceId = update.DeviceId ?? existing.DeviceId,
        Roles = Union(existing.Roles, update.Roles),
        Scopes = Union(existing.Scopes, update.Scopes),
        Text = string.IsNullOrEmpty(update.Text) ? existing.Text : update.Text,
        Ts = Math.Max(existing.Ts, update.Ts),
    };

    private static List<string>? Union(IReadOnlyList<string>? a, IReadOnlyList<string>? b) =>
        a is null && b is null ? null : [.. (a ?? []).Concat(b ?? []).Where(s => !string.IsNullOrWhiteSpace(s)).Distinct(StringComparer.Ordinal)];

    private Task PublishAsync()
    {
        events.BumpPresence();
        return events.BroadcastAsync("presence", new { presence = Snapshot() });
    }

    private static string KeyOf(GatewayConnection connection) =>
        (connection.DeviceId ?? connection.Client?.InstanceId ?? connection.ConnId).ToLowerInvariant();

    private static bool IsListed(GatewayConnection connection) =>
        connection.Client is { } client && client.Mode is not ("cli" or "probe" or "test" or "backend");

    [GeneratedRegex(@"Node:\s*(?<host>[^ (]+)\s*\((?<ip>[^)]+)\)\s*·\s*app\s*(?<version>[^·]+?)\s*·\s*last input\s*(?<idle>[0-9]+)s ago\s*·\s*mode\s*(?<mode>[^·]+?)\s*·\s*reason\s*(?<reason>.+)$",
        RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex BeaconText();

    private sealed class Tracked(PresenceEntry entry)
    {
        public PresenceEntry Entry { get; set; } = entry;

        public int Open { get; set; }
    }
}
