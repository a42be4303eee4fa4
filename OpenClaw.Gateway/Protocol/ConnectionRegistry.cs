using System.Collections.Concurrent;

namespace OpenClaw.Gateway.Protocol;

/// <summary>The authenticated connections of this gateway process, by connection id.</summary>
public sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<string, GatewayConnection> _connections = new(StringComparer.Ordinal);

    public int Count => _connections.Count;

    public IEnumerable<GatewayConnection> All => _connections.Values;

    public void Add(GatewayConnection connection) => _connections[connection.ConnId] = connection;

    public void Remove(GatewayConnection connection) => _connections.TryRemove(connection.ConnId, out _);
}
