using Microsoft.Extensions.Options;
using OpenClaw.Gateway.Agents;
using OpenClaw.Contracts.Protocol;
using OpenClaw.Gateway.Config;
using OpenClaw.Gateway.Security;

namespace OpenClaw.Gateway.Protocol;

/// <summary>Assembles <c>hello-ok</c>: server identity, discovery lists, snapshot, grant and policy.</summary>
public sealed class HelloBuilder(
    GatewayInstance instance,
    MethodRegistry methods,
    PresenceTracker presence,
    HealthReporter health,
    EventBroadcaster events,
    OpenClawPaths paths,
    SharedSecretAuthenticator secrets,
    IAgentCatalog agents,
    IOptionsMonitor<GatewayProtocolOptions> options)
{
    public static readonly IReadOnlyList<string> Events =
    [
        "connect.challenge", "agent", "chat", "session.message", "session.tool", "sessions.changed", "presence", "tick",
        "shutdown", "health", "heartbeat", "cron", "device.pair.requested", "device.pair.resolved", "pairing.requested", "pairing.resolved",
    ];

    public async Task<HelloOk> BuildAsync(GatewayConnection connection, ConnectGrant grant, CancellationToken cancellationToken)
    {
        var healthSnapshot = await health.CachedHealthAsync(cancellationToken);
        var policy = options.CurrentValue;
        return new HelloOk
        {
            Protocol = grant.Protocol,
            Server = new HelloServer { Version = instance.Version, BuildId = instance.BuildId, BootId = instance.BootId, ConnId = connection.ConnId },
            Features = new HelloFeatures { Methods = [.. methods.Names.Order(StringComparer.Ordinal)], Events = Events },
            Snapshot = new HelloSnapshot
            {
                Presence = presence.Snapshot(),
                Health = healthSnapshot,
                StateVersion = events.StateVersion,
                UptimeMs = instance.UptimeMs,
                StateDir = paths.StateDir,
                ConfigPath = paths.ConfigPath,
                SessionDefaults = new { defaultAgentId = agents.DefaultAgentId, mainKey = "main", mainSessionKey = agents.Resolve(null).MainSessionKey, scope = "per-sender" },
                AuthMode = secrets.Mode,
            },
            Auth = grant.Auth,
            Policy = new HelloPolicy
            {
                MaxPayload = policy.MaxPayload,
                MaxBufferedBytes = policy.MaxBufferedBytes,
                TickIntervalMs = policy.TickIntervalMs,
                Attachments = new HelloAttachmentPolicy(20_971_520, 6_291_456),
            },
        };
    }
}
