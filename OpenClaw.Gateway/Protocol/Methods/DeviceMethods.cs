using System.Text.Json;
using OpenClaw.Contracts.Protocol;
using OpenClaw.Gateway.Security;

namespace OpenClaw.Gateway.Protocol.Methods;

/// <summary><c>device.pair.list/approve/reject/remove</c> and <c>device.token.rotate/revoke</c> (spec §2).</summary>
public static class DeviceMethods
{
    public static MethodRegistry MapDeviceMethods(this MethodRegistry methods) => methods
        .Map("device.pair.list", List)
        .Map("device.pair.approve", Approve)
        .Map("device.pair.reject", Reject)
        .Map("device.pair.remove", Remove)
        .Map("device.token.rotate", Rotate)
        .Map("device.token.revoke", Revoke);

    private static Task<object?> List(MethodContext context)
    {
        var (pending, paired) = context.Get<DevicePairingStore>().List();
        var connected = context.Get<ConnectionRegistry>().All.Select(c => c.DeviceId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return Task.FromResult<object?>(new { pending, paired = paired.Select(d => Summarize(d, connected.Contains(d.DeviceId))).ToList() });
    }

    private static async Task<object?> Approve(MethodContext context)
    {
        var requestId = context.RequiredString("requestId");
        var store = context.Get<DevicePairingStore>();
        var request = store.List().Pending.FirstOrDefault(p => p.RequestId == requestId)
            ?? throw GatewayMethodException.Invalid($"unknown requestId: {requestId}");
        if (request.Roles.Any(r => r != GatewayRoles.Operator) && !context.Connection.HasScope(OperatorScopes.Admin))
        {
            throw new GatewayMethodException(MethodScopes.MissingScope(OperatorScopes.Admin));
        }

        // A paired device with operator.pairing may only hand out access it holds itself; a shared-secret
        // caller is full operator (spec §1.4), so this applies to device-authenticated callers.
        if (context.Connection.DeviceId is not null && !context.Connection.HasScope(OperatorScopes.Admin)
            && request.Scopes.FirstOrDefault(s => !context.Connection.HasScope(s)) is { } beyond)
        {
            throw new GatewayMethodException(MethodScopes.MissingScope(beyond));
        }

        var device = store.Approve(requestId, "owner") ?? throw GatewayMethodException.Invalid($"unknown requestId: {requestId}");
        await context.Get<EventBroadcaster>().BroadcastAsync("device.pair.resolved",
            new { requestId, deviceId = device.DeviceId, decision = "approved", ts = device.ApprovedAtMs });
        return new { requestId, device = Summarize(device, connected: null) };
    }

    private static async Task<object?> Reject(MethodContext context)
    {
        var requestId = context.RequiredString("requestId");
        var request = context.Get<DevicePairingStore>().Reject(requestId) ?? throw GatewayMethodException.Invalid($"unknown requestId: {requestId}");
        await context.Get<EventBroadcaster>().BroadcastAsync("device.pair.resolved",
            new { requestId, deviceId = request.DeviceId, decision = "rejected", ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
        return new { requestId, deviceId = request.DeviceId };
    }

    private static Task<object?> Remove(MethodContext context)
    {
        var deviceId = context.RequiredString("deviceId");
        EnsureSelfOrAdmin(context, deviceId);
        _ = context.Get<DevicePairingStore>().Remove(deviceId) ?? throw GatewayMethodException.Invalid($"unknown deviceId: {deviceId}");
        foreach (var connection in context.Get<ConnectionRegistry>().All.Where(c => c.DeviceId == deviceId && c != context.Connection))
        {
            _ = connection.CloseAsync(CloseCodes.PolicyViolation, "device removed");
        }

        return Task.FromResult<object?>(new { deviceId });
    }

    private static Task<object?> Rotate(MethodContext context)
    {
        var deviceId = context.RequiredString("deviceId");
        var role = context.RequiredString("role");
        EnsureSelfOrAdmin(context, deviceId);
        IReadOnlyList<string>? scopes = context.Params is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("scopes", out var s)
            && s.ValueKind == JsonValueKind.Array
            ? [.. s.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)]
            : null;
        var token = context.Get<DevicePairingStore>().RotateToken(deviceId, role, scopes)
            ?? throw GatewayMethodException.Invalid($"unknown deviceId/role: {deviceId}/{role}");
        // The new secret goes only to the device itself; other callers learn that it changed.
        var self = context.Connection.DeviceId == deviceId;
        return Task.FromResult<object?>(new { deviceId, role, token = self ? token.Token : null, scopes = token.Scopes, rotatedAtMs = token.RotatedAtMs });
    }

    private static Task<object?> Revoke(MethodContext context)
    {
        var deviceId = context.RequiredString("deviceId");
        var role = context.RequiredString("role");
        EnsureSelfOrAdmin(context, deviceId);
        var token = context.Get<DevicePairingStore>().RevokeToken(deviceId, role)
            ?? throw GatewayMethodException.Invalid($"unknown deviceId/role: {deviceId}/{role}");
        return Task.FromResult<object?>(new { deviceId, role, revokedAtMs = token.RevokedAtMs });
    }

    /// <summary>Non-admin paired devices may only change themselves; shared-secret operators may change any.</summary>
    private static void EnsureSelfOrAdmin(MethodContext context, string deviceId)
    {
        var connection = context.Connection;
        if (connection.DeviceId is not null && connection.DeviceId != deviceId && !connection.HasScope(OperatorScopes.Admin))
        {
            throw new GatewayMethodException(MethodScopes.MissingScope(OperatorScopes.Admin));
        }
    }

    /// <summary>A paired device as listed: tokens without their secrets.</summary>
    private static object Summarize(PairedDevice device, bool? connected) => new
    {
        device.DeviceId,
        device.PublicKey,
        device.DisplayName,
        device.Platform,
        device.DeviceFamily,
        device.ClientId,
        device.ClientMode,
        device.Role,
        device.Roles,
        device.Scopes,
        device.ApprovedVia,
        device.RemoteIp,
        device.CreatedAtMs,
        device.ApprovedAtMs,
        device.LastSeenAtMs,
        connected,
        tokens = device.Tokens.Values.Select(t => new { t.Role, t.Scopes, t.CreatedAtMs, t.RotatedAtMs, t.RevokedAtMs, t.LastUsedAtMs }).ToList(),
    };
}
