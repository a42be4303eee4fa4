using Microsoft.Extensions.Options;
using OpenClaw.Contracts.Protocol;
using OpenClaw.Gateway.Security;

namespace OpenClaw.Gateway.Protocol;

/// <summary>Assembles <c>hello-ok</c>: server identity, discovery lists, snapshot, grant and policy.</summary>
public sealed class HelloBuilder(
    GatewayInstance instance,
    MethodRegistry methods,
    PresenceTracker presence,
    HealthReporter health,
    EventBroadcaster events,
    StatePaths paths,
    SharedSecretAuthenticator secrets,
    IOptionsMonitor<GatewayProtocolOptions> options)
{
    public static readonly IReadOnlyList<string> Events =
    [
        "connect.challenge", "agent", "chat", "session.message", "session.tool", "sessions.changed", "presence", "tick",
        "shutdown", "health", "heartbeat", "device.pair.requested", "device.pair.resolved",
    ];

    public HelloOk Build(GatewayConnection connection, ConnectGrant grant)
    {
        var policy = options.CurrentValue;
        return new HelloOk
        {
            Protocol = grant.Protocol,
            Server = new HelloServer { Version = instance.Version, BuildId = instance.BuildId, BootId = instance.BootId, ConnId = connection.ConnId },
            Features = new HelloFeatures { Methods = [.. methods.Names.Order(StringComparer.Ordinal)], Events = Events },
            Snapshot = new HelloSnapshot
            {
                Presence = presence.Snapshot(),
                Health = health.Health(),
                StateVersion = events.StateVersion,
                UptimeMs = instance.UptimeMs,
                StateDir = paths.StateDir,
                SessionDefaults = new { defaultAgentId = "main", mainKey = "main", mainSessionKey = "agent:main:main", scope = "per-sender" },
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
