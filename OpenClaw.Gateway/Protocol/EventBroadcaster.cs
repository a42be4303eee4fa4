using System.Text.Json;
using OpenClaw.Contracts.Protocol;

namespace OpenClaw.Gateway.Protocol;

/// <summary>
/// Sends an event to every connection allowed to see it. The payload is serialized once; each
/// connection stamps its own <c>seq</c>. Presence and health events carry the state versions.
/// A protocol-3 connection may get a different payload (v4-only fields removed) via <c>v3Payload</c>.
/// </summary>
public sealed class EventBroadcaster(ConnectionRegistry registry, ILogger<EventBroadcaster> logger)
{
    private long _presenceVersion = 1;
    private long _healthVersion = 1;

    public StateVersion StateVersion => new(Interlocked.Read(ref _presenceVersion), Interlocked.Read(ref _healthVersion));

    public long BumpPresence() => Interlocked.Increment(ref _presenceVersion);

    public long BumpHealth() => Interlocked.Increment(ref _healthVersion);

    public Task BroadcastAsync(string eventName, object? payload, object? v3Payload = null, Func<GatewayConnection, bool>? filter = null)
    {
        var json = Serialize(payload);
        var v3Json = v3Payload is null ? json : Serialize(v3Payload);
        var stateVersion = eventName is "presence" or "health" ? StateVersion : null;
        var sends = new List<Task>();
        foreach (var connection in registry.All)
        {
            if (!EventScopes.MayReceive(connection, eventName) || (filter is not null && !filter(connection)))
            {
                continue;
            }

            sends.Add(SendOneAsync(connection, eventName, connection.Protocol >= 4 ? json : v3Json, stateVersion));
        }

        return Task.WhenAll(sends);
    }

    private async Task SendOneAsync(GatewayConnection connection, string eventName, byte[] json, StateVersion? stateVersion)
    {
        try
        {
            await connection.SendEventAsync(eventName, json, stateVersion);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogDebug(ex, "dropping {Event} for connection {ConnId}", eventName, connection.ConnId);
        }
    }

    private static byte[] Serialize(object? payload) =>
        payload is null ? [] : JsonSerializer.SerializeToUtf8Bytes(payload, payload.GetType(), ProtocolJson.Options);
}
