using OpenClaw.Contracts;
using OpenClaw.Contracts.Channels;
using StackExchange.Redis;
using Microsoft.Extensions.Options;

namespace OpenClaw.Gateway.Channels;

/// <summary>
/// The operations behind <c>openclaw pairing list &lt;channel&gt;</c> and <c>openclaw pairing approve &lt;channel&gt;
/// &lt;code&gt; [--notify]</c>, shaped for WS methods (<c>pairing.list</c>, <c>pairing.approve</c>): plain
/// request/response records, errors as <see cref="PairingException"/> with a message for the user.
/// </summary>
public sealed class ChannelPairingService(PairingStore store, IConnectionMultiplexer redis, IOptions<GatewayChannelsOptions> options)
{
    public const string ApprovedText = "✅ OpenClaw access approved. Send a message to start chatting.";

    public async Task<PairingListResult> ListAsync(string channel, CancellationToken cancellationToken = default)
    {
        var normalized = Normalize(channel);
        return new PairingListResult(normalized, await store.ListAsync(normalized, cancellationToken).ConfigureAwait(false));
    }

    public async Task<PairingApproveResult> ApproveAsync(string channel, string code, bool notify = false, CancellationToken cancellationToken = default)
    {
        var normalized = Normalize(channel);
        if (string.IsNullOrWhiteSpace(code))
        {
            throw new PairingException("a pairing code is required: openclaw pairing approve <channel> <CODE>");
        }

        var request = await store.ApproveAsync(normalized, code, cancellationToken).ConfigureAwait(false)
            ?? throw new PairingException(
                $"no pending pairing request with code {code.Trim().ToUpperInvariant()} on {normalized} (codes expire after 1 hour); list them with: openclaw pairing list {normalized}");
        var accountId = request.Meta?.GetValueOrDefault("accountId") ?? "default";
        if (notify)
        {
            var message = new OutboundMessage
            {
                Target = new OutboundTarget
                {
                    Channel = normalized,
                    AccountId = accountId,
                    ChatId = request.Meta?.GetValueOrDefault("chatId") ?? request.Id,
                },
                Text = ApprovedText,
                IdempotencyKey = $"pairing-approved:{normalized}:{request.Id}:{request.Code}",
            };
            await redis.GetDatabase().StreamAddAsync(new StreamNames(options.Value.RedisPrefix).Outbound(normalized),
                ChannelStreamWriter.MessageFields(message)).ConfigureAwait(false);
        }

        return new PairingApproveResult(normalized, request.Id, accountId, request.Code, notify);
    }

    private static string Normalize(string channel) =>
        string.IsNullOrWhiteSpace(channel)
            ? throw new PairingException("a channel is required, for example: openclaw pairing list telegram")
            : channel.Trim().ToLowerInvariant();
}

public sealed record PairingListResult(string Channel, IReadOnlyList<PairingRequest> Requests);

public sealed record PairingApproveResult(string Channel, string Id, string AccountId, string Code, bool Notified);

public sealed class PairingException(string message) : Exception(message);
