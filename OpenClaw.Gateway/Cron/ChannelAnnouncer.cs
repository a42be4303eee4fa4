using OpenClaw.Contracts.Channels;
using OpenClaw.Gateway.Agents;
using OpenClaw.Gateway.Sessions;
using OpenClaw.Gateway.Tools.Messaging;

namespace OpenClaw.Gateway.Cron;

/// <summary>Where an announcement goes after resolving <c>channel: "last"</c>.</summary>
public sealed record AnnounceTarget(string Channel, string To, string AccountId, string? ThreadId);

/// <summary>How a delivery went: delivered | not-delivered | not-requested (+ why, when it failed).</summary>
public sealed record DeliveryOutcome(string Status, string? Error = null, AnnounceTarget? Target = null)
{
    public bool Delivered => Status == "delivered";

    public static readonly DeliveryOutcome NotRequested = new("not-requested");
}

/// <summary>
/// Sends a finished run's reply to a chat (cron <c>announce</c>, <c>/hooks/agent</c> with <c>deliver</c>) through the
/// channel's outbound stream, the same path as every other reply. <c>channel: "last"</c> (or none) means the route
/// the agent's main session last talked on. <c>NO_REPLY</c> and empty replies are not sent.
/// </summary>
public sealed class ChannelAnnouncer(IServiceProvider services, ISessionStores sessions, IAgentCatalog agents)
{
    public async Task<AnnounceTarget?> ResolveAsync(string agentId, string? channel, string? to, string? accountId, CancellationToken cancellationToken)
    {
        var explicitChannel = string.IsNullOrWhiteSpace(channel) || channel.Equals("last", StringComparison.OrdinalIgnoreCase) ? null : channel.Trim().ToLowerInvariant();
        SessionEntry? main = null;
        if (explicitChannel is null || string.IsNullOrWhiteSpace(to))
        {
            main = await sessions.For(agentId).GetAsync(agents.Resolve(agentId).MainSessionKey, cancellationToken).ConfigureAwait(false);
        }

        var resolvedChannel = explicitChannel ?? main?.LastChannel;
        if (string.IsNullOrWhiteSpace(resolvedChannel))
        {
            return null;
        }

        var sameAsLast = string.Equals(resolvedChannel, main?.LastChannel, StringComparison.OrdinalIgnoreCase);
        var resolvedTo = !string.IsNullOrWhiteSpace(to) ? to.Trim() : sameAsLast ? main?.LastTo : null;
        if (string.IsNullOrWhiteSpace(resolvedTo))
        {
            return null;
        }

        var resolvedAccount = accountId ?? (sameAsLast ? main?.LastAccountId : null) ?? "default";
        var thread = sameAsLast && resolvedTo == main?.LastTo ? main?.LastThreadId : null;
        return new AnnounceTarget(resolvedChannel, StripChannelPrefix(resolvedTo, resolvedChannel), resolvedAccount, thread);
    }

    public async Task<DeliveryOutcome> AnnounceAsync(string agentId, string? channel, string? to, string? accountId, string? text, string idempotencyKey,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Equals("NO_REPLY", StringComparison.OrdinalIgnoreCase))
        {
            return new DeliveryOutcome("not-delivered", "the reply was empty or NO_REPLY; nothing to send");
        }

        var target = await ResolveAsync(agentId, channel, to, accountId, cancellationToken).ConfigureAwait(false);
        if (target is null)
        {
            return new DeliveryOutcome("not-delivered",
                $"no delivery target: give delivery.channel and delivery.to, or talk to agent '{agentId}' on a channel first so \"last\" has a route");
        }

        if (services.GetService<IOutboundMessageSender>() is not { } sender)
        {
            return new DeliveryOutcome("not-delivered", "channel delivery is not available on this gateway (no Redis connection for the outbound streams)", target);
        }

        try
        {
            await sender.SendAsync(new OutboundMessage
            {
                Target = new OutboundTarget { Channel = target.Channel, AccountId = target.AccountId, ChatId = target.To, ThreadId = target.ThreadId },
                Text = text.Trim(),
                IdempotencyKey = idempotencyKey,
            }, cancellationToken).ConfigureAwait(false);
            return new DeliveryOutcome("delivered", null, target);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new DeliveryOutcome("not-delivered", $"could not queue the message for {target.Channel}: {ex.Message}", target);
        }
    }

    /// <summary><c>telegram:123</c> / <c>channel:C123</c> style targets carry a kind prefix the platform id does not have.</summary>
    private static string StripChannelPrefix(string to, string channel) =>
        to.StartsWith(channel + ":", StringComparison.OrdinalIgnoreCase) ? to[(channel.Length + 1)..] : to;
}
