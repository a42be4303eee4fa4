using System.Text.Json;
using Microsoft.Extensions.Options;
using OpenClaw.Contracts;
using OpenClaw.Contracts.Channels;
using OpenClaw.Gateway.Agents;
using OpenClaw.Gateway.Config;
using StackExchange.Redis;

namespace OpenClaw.Gateway.Channels;

/// <summary>
/// Upstream's <c>send</c> (spec §1.5.7): one message to a chat on a configured channel, through the channel's
/// outbound stream. The answer of a request is stored under its idempotency key in the same Redis transaction
/// that queues the message, so a repeated key gets the first answer back and nothing is queued twice (and the
/// worker's <c>sent:</c> marker keeps a redelivered entry from reaching the platform twice).
/// </summary>
public sealed class ChannelSendService(
    IConfigStore config,
    IAgentCatalog agents,
    OpenClawPaths paths,
    IServiceProvider services,
    IOptions<GatewayChannelsOptions> options)
{
    private static readonly TimeSpan AnswerTtl = TimeSpan.FromHours(24);
    private readonly StreamNames _names = new(options.Value.RedisPrefix);

    public async Task<ChannelSendResult> SendAsync(ChannelSendRequest request, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(request.IdempotencyKey))
        {
            throw new ChannelSendRequestException("must have required property 'idempotencyKey'");
        }

        if (string.IsNullOrWhiteSpace(request.To))
        {
            throw new ChannelSendRequestException("must have required property 'to' (the chat, user or channel id to send to)");
        }

        if (string.IsNullOrEmpty(request.Message) && request.MediaUrls.Count == 0)
        {
            throw new ChannelSendRequestException("nothing to send: give 'message' and/or 'mediaUrl'/'mediaUrls'");
        }

        var channel = ResolveChannel(request.Channel, out var section);
        var accountId = ResolveAccount(channel, section, request.AccountId);
        var (chatId, threadId) = ParseTarget(channel, request.To.Trim());
        var roots = AllowedMediaRoots();
        var media = new List<OutboundMedia>();
        foreach (var reference in request.MediaUrls)
        {
            media.Add(OutboundMediaResolver.Resolve(reference, roots, out var error) ?? throw new ChannelSendRequestException(error!));
        }

        if (services.GetService<IConnectionMultiplexer>() is not { } redis)
        {
            throw new ChannelSendUnavailableException("channel delivery is not available: this gateway has no Redis connection (set ConnectionStrings__redis)");
        }

        var answerKey = _names.SendRequest(request.IdempotencyKey);
        var db = redis.GetDatabase();
        if (await ReadAnswerAsync(db, answerKey).ConfigureAwait(false) is { } earlier)
        {
            return earlier with { Cached = true };
        }

        var result = new ChannelSendResult(Ulid.NewId(), channel, request.To.Trim(), accountId, MessageId: null);
        var message = new OutboundMessage
        {
            Target = new OutboundTarget { Channel = channel, AccountId = accountId, ChatId = chatId, ThreadId = request.ThreadId ?? threadId },
            Text = string.IsNullOrEmpty(request.Message) ? null : request.Message,
            Media = media,
            ReplyToMessageId = request.ReplyTo,
            IdempotencyKey = $"send:{request.IdempotencyKey}",
        };

        var transaction = db.CreateTransaction();
        transaction.AddCondition(Condition.KeyNotExists(answerKey));
        // No MAXLEN here: the worker's trimmer never cuts past an entry it has not sent yet.
        _ = transaction.StreamAddAsync(_names.Outbound(channel), ChannelStreamWriter.MessageFields(message));
        _ = transaction.StringSetAsync(answerKey, JsonSerializer.Serialize(result, AnswerJson), AnswerTtl);
        if (await transaction.ExecuteAsync().ConfigureAwait(false))
        {
            return result;
        }

        // Another request with the same key won the race: answer what it answered.
        return (await ReadAnswerAsync(db, answerKey).ConfigureAwait(false) ?? result) with { Cached = true };
    }

    private static readonly JsonSerializerOptions AnswerJson = new(JsonSerializerDefaults.Web);

    private static async Task<ChannelSendResult?> ReadAnswerAsync(IDatabase db, RedisKey key)
    {
        var stored = await db.StringGetAsync(key).ConfigureAwait(false);
        return stored.IsNullOrEmpty ? null : JsonSerializer.Deserialize<ChannelSendResult>((string)stored!, AnswerJson);
    }

    private string ResolveChannel(string? requested, out ChannelConfig section)
    {
        var configured = config.Current.Config.Channels.Where(c => c.Key is not ("defaults" or "modelByChannel"))
            .ToDictionary(c => c.Key.ToLowerInvariant(), c => c.Value, StringComparer.Ordinal);
        var enabled = configured.Where(c => c.Value.Enabled != false).Select(c => c.Key).Order(StringComparer.Ordinal).ToList();
        string channel;
        if (string.IsNullOrWhiteSpace(requested))
        {
            channel = enabled.Count == 1
                ? enabled[0]
                : throw new ChannelSendRequestException(enabled.Count == 0
                    ? "no channel is configured: add one under channels.<id> in openclaw.json"
                    : $"channel is required when several channels are configured ({string.Join(", ", enabled)})");
        }
        else
        {
            channel = requested.Trim().ToLowerInvariant();
        }

        if (!configured.TryGetValue(channel, out section!))
        {
            throw new ChannelSendRequestException(
                $"unknown channel: {channel} (configured channels: {(configured.Count == 0 ? "none" : string.Join(", ", configured.Keys.Order(StringComparer.Ordinal)))})");
        }

        return section.Enabled == false
            ? throw new ChannelSendRequestException($"channel {channel} is disabled (channels.{channel}.enabled is false)")
            : channel;
    }

    private static string ResolveAccount(string channel, ChannelConfig section, string? requested)
    {
        var accounts = section.Accounts ?? [];
        if (requested is { Length: > 0 } accountId)
        {
            if (accounts.Count > 0 && !accounts.ContainsKey(accountId) && accountId != "default")
            {
                throw new ChannelSendRequestException(
                    $"unknown account '{accountId}' for {channel} (configured accounts: {string.Join(", ", accounts.Keys.Order(StringComparer.Ordinal))})");
            }

            if (accounts.GetValueOrDefault(accountId)?.Enabled == false)
            {
                throw new ChannelSendRequestException($"account '{accountId}' of {channel} is disabled (channels.{channel}.accounts.{accountId}.enabled is false)");
            }

            return accountId;
        }

        return section.DefaultAccount is { Length: > 0 } configuredDefault ? configuredDefault : "default";
    }

    /// <summary>
    /// Upstream's target forms: a bare id, <c>&lt;channel&gt;:id</c>, Telegram <c>chatId:topic:threadId</c>, and
    /// <c>user:</c>/<c>channel:</c> for Discord and Slack (Discord keeps <c>user:</c>: its worker opens the DM).
    /// </summary>
    internal static (string ChatId, string? ThreadId) ParseTarget(string channel, string to)
    {
        var target = to;
        foreach (var prefix in new[] { $"{channel}:", channel == "telegram" ? "tg:" : null })
        {
            if (prefix is not null && target.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                target = target[prefix.Length..];
            }
        }

        if (channel == "telegram")
        {
            var parts = target.Split(':');
            return parts is [var chat, "topic", var thread] ? (chat, thread) : (target, null);
        }

        if (target.StartsWith("channel:", StringComparison.OrdinalIgnoreCase))
        {
            return (target["channel:".Length..], null);
        }

        if (channel == "slack" && target.StartsWith("user:", StringComparison.OrdinalIgnoreCase))
        {
            // chat.postMessage with a user id posts in the app's DM with that user.
            return (target["user:".Length..], null);
        }

        return (target, null);
    }

    private List<string> AllowedMediaRoots()
    {
        var roots = new List<string> { Path.Combine(paths.StateDir, "media") };
        roots.AddRange(agents.List().Select(a => a.WorkspaceDir));
        return roots;
    }
}

public sealed record ChannelSendRequest
{
    public required string To { get; init; }

    public string? Message { get; init; }

    public IReadOnlyList<string> MediaUrls { get; init; } = [];

    public string? Channel { get; init; }

    public string? AccountId { get; init; }

    public string? ThreadId { get; init; }

    public string? ReplyTo { get; init; }

    public required string IdempotencyKey { get; init; }
}

/// <summary>The answer of <c>send</c>; <see cref="Cached"/> marks the replay of an earlier answer for the same key.</summary>
public sealed record ChannelSendResult(string RunId, string Channel, string To, string AccountId, string? MessageId)
{
    public bool Cached { get; init; }
}

/// <summary>A <c>send</c> request that cannot be carried out as given (INVALID_REQUEST).</summary>
public sealed class ChannelSendRequestException(string message) : Exception(message);

/// <summary>Delivery is off on this gateway (UNAVAILABLE).</summary>
public sealed class ChannelSendUnavailableException(string message) : Exception(message);
