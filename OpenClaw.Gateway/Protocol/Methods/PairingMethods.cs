using OpenClaw.Gateway.Channels;

namespace OpenClaw.Gateway.Protocol.Methods;

/// <summary>
/// DM pairing over the WS protocol (our extension of upstream's <c>openclaw pairing</c> CLI, same files):
/// <c>pairing.list {channel?}</c>, <c>pairing.approve {channel, code, accountId?, notify?}</c>,
/// <c>pairing.reject {channel, code}</c>, <c>pairing.revoke {channel, id, accountId?}</c>; scope <c>operator.pairing</c>.
/// New codes are announced as the event <c>pairing.requested</c> (see <see cref="PairingEventRelay"/>).
/// </summary>
public static class PairingMethods
{
    public static MethodRegistry MapPairingMethods(this MethodRegistry methods) => methods
        .Map("pairing.list", List)
        .Map("pairing.approve", Approve)
        .Map("pairing.reject", Reject)
        .Map("pairing.revoke", Revoke);

    private static async Task<object?> List(MethodContext context)
    {
        var overview = await Call(() => Service(context).OverviewAsync(context.OptionalString("channel"), context.CancellationToken));
        return new
        {
            requests = overview.Requests.Select(r => new
            {
                channel = r.Channel,
                id = r.Request.Id,
                code = r.Request.Code,
                createdAt = r.Request.CreatedAt,
                lastSeenAt = r.Request.LastSeenAt,
                meta = r.Request.Meta ?? [],
            }).ToList(),
            allowFrom = overview.Approved.Select(a => new { channel = a.Channel, accountId = a.Sender.AccountId, id = a.Sender.Id }).ToList(),
        };
    }

    private static async Task<object?> Approve(MethodContext context)
    {
        var channel = context.RequiredString("channel");
        var code = context.RequiredString("code");
        var result = await Call(() => Service(context).ApproveAsync(channel, code, context.OptionalBool("notify") ?? false,
            context.OptionalString("accountId"), context.CancellationToken));
        await context.Get<EventBroadcaster>().BroadcastAsync("pairing.resolved",
            new { channel = result.Channel, code = result.Code, id = result.Id, accountId = result.AccountId, decision = "approved" });
        return new { channel = result.Channel, id = result.Id, accountId = result.AccountId, approved = true, notified = result.Notified };
    }

    private static async Task<object?> Reject(MethodContext context)
    {
        var channel = context.RequiredString("channel");
        var code = context.RequiredString("code");
        var request = await Call(() => Service(context).RejectAsync(channel, code, context.CancellationToken));
        var normalized = channel.Trim().ToLowerInvariant();
        await context.Get<EventBroadcaster>().BroadcastAsync("pairing.resolved",
            new { channel = normalized, code = request.Code, id = request.Id, accountId = request.Meta?.GetValueOrDefault("accountId"), decision = "rejected" });
        return new { channel = normalized, id = request.Id, rejected = true };
    }

    private static async Task<object?> Revoke(MethodContext context)
    {
        var channel = context.RequiredString("channel");
        var id = context.RequiredString("id");
        var accountId = await Call(() => Service(context).RevokeAsync(channel, id, context.OptionalString("accountId"), context.CancellationToken));
        return new { channel = channel.Trim().ToLowerInvariant(), id = id.Trim(), accountId, revoked = true };
    }

    private static ChannelPairingService Service(MethodContext context) =>
        context.Services.GetService<ChannelPairingService>()
        ?? throw GatewayMethodException.Unavailable("DM pairing is not available: this gateway runs without channels");

    private static async Task<T> Call<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (PairingException ex)
        {
            throw GatewayMethodException.Invalid(ex.Message);
        }
    }
}
