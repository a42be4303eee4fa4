using System.Collections.Concurrent;
using System.Net;
using System.Runtime.InteropServices;

namespace OpenClaw.Gateway.Protocol;

/// <summary>
/// The presence list (<c>system-presence</c>, <c>hello-ok.snapshot.presence</c>, <c>presence</c>
/// events): the gateway itself plus connected UI and app clients. Short-lived CLI and probe
/// connections are not listed, as upstream does, so scripted calls do not flood presence events.
/// </summary>
public sealed class PresenceTracker(GatewayInstance instance, EventBroadcaster events, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, PresenceEntry> _clients = new(StringComparer.Ordinal);

    public IReadOnlyList<PresenceEntry> Snapshot()
    {
        var host = Dns.GetHostName();
        var ip = "127.0.0.1";
        var platform = OperatingSystem.IsLinux() ? $"linux {Environment.OSVersion.Version}" : RuntimeInformation.OSDescription;
        var self = new PresenceEntry
        {
            Host = host,
            Ip = ip,
            Version = instance.Version,
            Platform = platform,
            DeviceFamily = OperatingSystem.IsLinux() ? "Linux" : OperatingSystem.IsMacOS() ? "Mac" : "Windows",
            Mode = "gateway",
            Reason = "self",
            InstanceId = instance.InstanceId,
            Text = $"Gateway: {host} ({ip}) · app {instance.Version} · mode gateway · reason self",
            Ts = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        return [self, .. _clients.Values.OrderBy(c => c.Ts)];
    }

    public Task ConnectedAsync(GatewayConnection connection)
    {
        if (!IsListed(connection))
        {
            return Task.CompletedTask;
        }

        var client = connection.Client!;
        _clients[connection.ConnId] = new PresenceEntry
        {
            Host = client.DisplayName ?? client.Id,
            Ip = connection.RemoteIp?.ToString(),
            Version = client.Version,
            Platform = client.Platform,
            DeviceFamily = client.DeviceFamily,
            Mode = client.Mode,
            Reason = "connect",
            InstanceId = client.InstanceId ?? connection.ConnId,
            DeviceId = connection.DeviceId,
            Roles = [connection.Role],
            Scopes = [.. connection.Scopes],
            Text = $"{client.DisplayName ?? client.Id} · app {client.Version} · mode {client.Mode}",
            Ts = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        events.BumpPresence();
        return events.BroadcastAsync("presence", new { presence = Snapshot() });
    }

    public Task DisconnectedAsync(GatewayConnection connection)
    {
        if (!_clients.TryRemove(connection.ConnId, out _))
        {
            return Task.CompletedTask;
        }

        events.BumpPresence();
        return events.BroadcastAsync("presence", new { presence = Snapshot() });
    }

    private static bool IsListed(GatewayConnection connection) =>
        connection.Client is { } client && client.Mode is not ("cli" or "probe" or "test" or "backend");
}

public sealed record PresenceEntry
{
    public string? Host { get; init; }

    public string? Ip { get; init; }

    public string? Version { get; init; }

    public string? Platform { get; init; }

    public string? DeviceFamily { get; init; }

    public string? Mode { get; init; }

    public string? Reason { get; init; }

    public string? InstanceId { get; init; }

    public string? DeviceId { get; init; }

    public IReadOnlyList<string>? Roles { get; init; }

    public IReadOnlyList<string>? Scopes { get; init; }

    public string? Text { get; init; }

    public long Ts { get; init; }
}
