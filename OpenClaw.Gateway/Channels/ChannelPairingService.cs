using OpenClaw.Contracts.Channels;
using OpenClaw.Gateway.Config;

namespace OpenClaw.Gateway.Channels;

/// <summary>
/// The operations behind <c>openclaw pairing list|approve|reject|revoke</c> and the WS methods <c>pairing.*</c>:
/// plain request/response records, errors as <see cref="PairingException"/> with a message for the user. The
/// files stay upstream's (see <see cref="PairingStore"/>), so upstream's CLI reading them agrees.
/// </summary>
public sealed class ChannelPairingService(PairingStore store, IConfigStore config, IServiceProvider services)
{
    public const string ApprovedText = "✅ OpenClaw access approved. Send a message to start chatting.";

    /// <summary>Pending requests and approved senders of one channel, or of every channel when <paramref name="channel"/> is null.</summary>
    public async Task<PairingOverview> OverviewAsync(string? channel, CancellationToken cancellationToken = default)
    {
        var channels = channel is null ? KnownChannels() : [Known(channel)];
        var requests = new List<(string Channel, PairingRequest Request)>();
        var approved = new List<(string Channel, ApprovedSender Sender)>();
        foreach (var name in channels)
        {
            requests.AddRange((await store.ListAsync(name, cancellationToken).ConfigureAwait(false)).Select(r => (name, r)));
            approved.AddRange((await store.ListApprovedAsync(name, cancellationToken).ConfigureAwait(false)).Select(a => (name, a)));
        }

        return new PairingOverview(requests, approved);
    }

    public async Task<PairingListResult> ListAsync(string channel, CancellationToken cancellationToken = default)
    {
        var normalized = Known(channel);
        return new PairingListResult(normalized, await store.ListAsync(normalized, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Approves a pending code: the sender joins the allowFrom store of the account it wrote to. With
    /// <paramref name="notify"/> the sender is told through the channel's outbound stream, as upstream's --notify.
    /// </summary>
    public async Task<PairingApproveResult> ApproveAsync(string channel, string code, bool notify = false, string? accountId = null,
        CancellationToken cancellationToken = default)
    {
        var normalized = Known(channel);
        RequireCode(code, "approve", normalized);
        if (accountId is { Length: > 0 })
        {
            var pending = await store.ListAsync(normalized, cancellationToken).ConfigureAwait(false);
            if (pending.FirstOrDefault(r => string.Equals(r.Code, code.Trim(), StringComparison.OrdinalIgnoreCase)) is { } match
                && !string.Equals(match.Meta?.GetValueOrDefault("accountId") ?? "default", accountId, StringComparison.Ordinal))
            {
                throw new PairingException(
                    $"pairing code {code.Trim().ToUpperInvariant()} on {normalized} was issued for account '{match.Meta?.GetValueOrDefault("accountId") ?? "default"}', not '{accountId}'");
            }
        }

        var request = await store.ApproveAsync(normalized, code, cancellationToken).ConfigureAwait(false)
            ?? throw UnknownCode(code, normalized);
        var approvedAccount = request.Meta?.GetValueOrDefault("accountId") ?? "default";
        var notified = false;
        if (notify && services.GetService<Tools.Messaging.IOutboundMessageSender>() is { } sender)
        {
            try
            {
                await sender.SendAsync(new OutboundMessage
                {
                    Target = new OutboundTarget
                    {
                        Channel = normalized,
                        AccountId = approvedAccount,
                        ChatId = request.Meta?.GetValueOrDefault("chatId") ?? request.Id,
                    },
                    Text = ApprovedText,
                    IdempotencyKey = $"pairing-approved:{normalized}:{request.Id}:{request.Code}",
                }, cancellationToken).ConfigureAwait(false);
                notified = true;
            }
            catch (Exception ex) when (ex is Tools.ToolException or StackExchange.Redis.RedisException or TimeoutException)
            {
                // The approval stands; only the courtesy message could not be queued.
            }
        }

        return new PairingApproveResult(normalized, request.Id, approvedAccount, request.Code, notified);
    }

    /// <summary>Drops a pending code; the sender stays without access and gets a new code after it expires.</summary>
    public async Task<PairingRequest> RejectAsync(string channel, string code, CancellationToken cancellationToken = default)
    {
        var normalized = Known(channel);
        RequireCode(code, "reject", normalized);
        return await store.RejectAsync(normalized, code, cancellationToken).ConfigureAwait(false) ?? throw UnknownCode(code, normalized);
    }

    /// <summary>Takes an approved sender out of the account's allowFrom store (their next DM gets a pairing code again).</summary>
    public async Task<string> RevokeAsync(string channel, string senderId, string? accountId = null, CancellationToken cancellationToken = default)
    {
        var normalized = Known(channel);
        if (string.IsNullOrWhiteSpace(senderId))
        {
            throw new PairingException($"a sender id is required: pairing.revoke {{channel: \"{normalized}\", id: \"<sender id>\"}}");
        }

        var account = accountId is { Length: > 0 } ? accountId : "default";
        if (!await store.RevokeAsync(normalized, account, senderId, cancellationToken).ConfigureAwait(false))
        {
            throw new PairingException(
                $"{senderId.Trim()} is not an approved {normalized} sender of account '{account}' ({store.AllowFromPath(normalized, account)}); see pairing.list");
        }

        return account;
    }

    /// <summary>Channels configured under <c>channels.*</c>, plus any with a pairing file left from earlier.</summary>
    private List<string> KnownChannels() =>
    [
        .. config.Current.Config.Channels.Keys.Where(IsChannelKey).Select(k => k.ToLowerInvariant())
            .Concat(store.ChannelsWithPairingFiles()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal),
    ];

    private string Known(string? channel)
    {
        if (string.IsNullOrWhiteSpace(channel))
        {
            throw new PairingException("a channel is required, for example: openclaw pairing list telegram");
        }

        var normalized = channel.Trim().ToLowerInvariant();
        var known = KnownChannels();
        return known.Contains(normalized)
            ? normalized
            : throw new PairingException(
                $"unknown channel: {normalized} (configured channels: {(known.Count == 0 ? "none" : string.Join(", ", known))}; add it under channels.{normalized} in openclaw.json)");
    }

    private static bool IsChannelKey(string key) => key is not ("defaults" or "modelByChannel");

    private static void RequireCode(string code, string verb, string channel)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            throw new PairingException($"a pairing code is required: openclaw pairing {verb} {channel} <CODE>");
        }
    }

    private static PairingException UnknownCode(string code, string channel) =>
        new($"unknown pairing code {code.Trim().ToUpperInvariant()}: no pending pairing request with code {code.Trim().ToUpperInvariant()} on {channel} (codes expire after 1 hour); list them with: openclaw pairing list {channel}");
}

public sealed record PairingListResult(string Channel, IReadOnlyList<PairingRequest> Requests);

public sealed record PairingOverview(IReadOnlyList<(string Channel, PairingRequest Request)> Requests, IReadOnlyList<(string Channel, ApprovedSender Sender)> Approved);

public sealed record PairingApproveResult(string Channel, string Id, string AccountId, string Code, bool Notified);

public sealed class PairingException(string message) : Exception(message);
