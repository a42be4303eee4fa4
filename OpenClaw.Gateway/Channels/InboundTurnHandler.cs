using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OpenClaw.Contracts;
using OpenClaw.Contracts.Channels;
using OpenClaw.Gateway.Agents;
using OpenClaw.Gateway.Config;
using OpenClaw.Gateway.Runs;
using StackExchange.Redis;

namespace OpenClaw.Gateway.Channels;

/// <summary>
/// One inbound message, end to end: de-duplication, access policy and pairing, routing by bindings, the agent
/// turn, and the finishing transaction. <see cref="BeginAsync"/> runs in stream order per chat and starts the turn;
/// the returned continuation waits for it and then, in ONE <c>MULTI</c> guarded by "not yet seen", publishes
/// the reply to <c>openclaw:outbound:&lt;channel&gt;</c>, acknowledges the entry and marks the platform message
/// done. A crash before that transaction leaves the entry pending (another gateway claims it and answers);
/// a crash after it has nothing left to do, so no message is answered twice.
/// </summary>
internal sealed partial class InboundTurnHandler(
    IConnectionMultiplexer redis,
    IConfigStore config,
    IAgentCatalog agents,
    IAgentRunner runner,
    PairingStore pairing,
    TypingRefresher typingRefresher,
    IOptions<GatewayChannelsOptions> options,
    TimeProvider clock,
    ILogger<InboundTurnHandler> logger)
{
    private const string NoReply = "NO_REPLY";
    private readonly GatewayChannelsOptions _options = options.Value;
    private readonly StreamNames _names = new(options.Value.RedisPrefix);

    /// <summary>Counts of what happened, for status and tests.</summary>
    public ChannelCounters Counters { get; } = new();

    /// <summary>Reads an entry's envelope; <see cref="ParsedInbound.Error"/> says why it is not a usable inbound message.</summary>
    internal static ParsedInbound Parse(StreamEntry entry)
    {
        try
        {
            var envelope = EnvelopeSerializer.Deserialize<InboundMessage>((byte[])entry[ChannelMessageTypes.EnvelopeField]!);
            var message = envelope.Payload ?? throw new EnvelopeFormatException("envelope without payload");
            return string.IsNullOrEmpty(message.Channel) || string.IsNullOrEmpty(message.PlatformMessageId) || message.Sender is null
                ? new ParsedInbound(null, null, "inbound message without channel, platformMessageId or sender")
                : new ParsedInbound(message, envelope.Id, null) { Traceparent = envelope.Traceparent, Tracestate = envelope.Tracestate };
        }
        catch (Exception ex) when (ex is EnvelopeFormatException or JsonException or InvalidCastException or ArgumentNullException)
        {
            return new ParsedInbound(null, null, ex.Message);
        }
    }

    public async Task<Func<Task>> BeginAsync(StreamEntry entry, ParsedInbound parsed, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        if (parsed is not { Message: { } message, EnvelopeId: { } envelopeId })
        {
            LogMalformed(entry.Id.ToString(), parsed.Error ?? "unreadable");
            await DeadLetterAsync(entry, parsed.Error ?? "unreadable", 1).ConfigureAwait(false);
            return () => Task.CompletedTask;
        }

        var seenKey = _names.Seen(message.Channel, message.AccountId, message.PlatformMessageId);
        if (await db.KeyExistsAsync(seenKey).ConfigureAwait(false))
        {
            Counters.RecordDuplicate();
            await db.StreamAcknowledgeAsync(_names.Inbound, StreamNames.GatewayGroup, entry.Id).ConfigureAwait(false);
            return () => Task.CompletedTask;
        }

        var snapshot = config.Current.Config;
        var settings = ChannelAccessSettings.Resolve(snapshot, message.Channel, message.AccountId);
        var route = AgentRouter.Resolve(snapshot, RouteInputFor(message), agents.DefaultAgentId);
        var approved = message.ChatType == ChatType.Direct && settings.DmPolicy is "pairing" or "allowlist"
                       && !ChannelAccessPolicy.Matches(settings.AllowFrom, message.Sender)
            ? await pairing.ApprovedAsync(message.Channel, message.AccountId, cancellationToken).ConfigureAwait(false)
            : [];
        var decision = ChannelAccessPolicy.Decide(message, settings, approved, ChannelAccessPolicy.MentionPatterns(snapshot, route.AgentId));

        switch (decision.Verdict)
        {
            case AccessVerdict.Drop:
                LogDropped(message.Channel, message.ChatId, decision.Reason);
                Counters.RecordDrop();
                return () => FinishAsync(entry, message, seenKey, reply: null);
            case AccessVerdict.Pair:
                var (request, created) = await pairing.UpsertAsync(message.Channel, message.AccountId, message.Sender.Id,
                    message.Sender.Name, message.ChatId, cancellationToken).ConfigureAwait(false);
                Counters.RecordPairing();
                var pairingReply = created ? Reply(message, envelopeId, PairingText(message, request.Code), settings) : null;
                return () => FinishAsync(entry, message, seenKey, pairingReply);
        }

        // Typing stays up (refreshed before the platform drops it) until the reply is queued.
        var typing = _options.SendTyping ? typingRefresher.Start(Target(message)) : null;

        var runId = $"ch-{envelopeId}";
        // Current while the run starts, so the run (and its model and tool spans) joins the worker's trace.
        using var activity = GatewayChannelsTelemetry.StartInbound(message.Channel, parsed.Traceparent, parsed.Tracestate);
        RunAccepted accepted;
        try
        {
            accepted = await runner.StartAsync(new AgentRunRequest
            {
                AgentId = route.AgentId,
                SessionKey = route.SessionKey,
                Message = MessageText(message),
                RunId = runId,
                Origin = new RunOrigin(message.Channel, message.AccountId, message.ChatId, message.ThreadId),
                SenderName = message.Sender.Name ?? message.Sender.Username ?? message.Sender.Id,
                Attachments = Attachments(message),
            }, cancellationToken).ConfigureAwait(false);
        }
        catch when (typing is not null)
        {
            await typing.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return async () =>
        {
            RunResult? result;
            try
            {
                result = await runner.WaitAsync(accepted.RunId, _options.TurnTimeout, CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                if (typing is not null)
                {
                    await typing.DisposeAsync().ConfigureAwait(false);
                }
            }

            var text = result switch
            {
                null => "⚠️ The agent did not answer in time.",
                { Status: "ok" } => result.Text,
                { Status: "aborted" } => null,
                _ => $"⚠️ Agent failed before reply: {result.Error ?? result.Status}",
            };
            var reply = string.IsNullOrWhiteSpace(text) || text.Trim() == NoReply ? null : Reply(message, envelopeId, text, settings);
            await FinishAsync(entry, message, seenKey, reply).ConfigureAwait(false);
        };
    }

    private async Task FinishAsync(StreamEntry entry, InboundMessage message, RedisKey seenKey, OutboundMessage? reply)
    {
        // The answer exists only in this process now: wait out a Redis outage rather than lose the work.
        var delay = TimeSpan.FromMilliseconds(100);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await TryFinishAsync(entry, message, seenKey, reply).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException && attempt < 120)
            {
                LogFinishRetry(entry.Id.ToString(), ex.Message);
                await Task.Delay(delay).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
            }
        }
    }

    private async Task TryFinishAsync(StreamEntry entry, InboundMessage message, RedisKey seenKey, OutboundMessage? reply)
    {
        var transaction = redis.GetDatabase().CreateTransaction();
        // The SET NX of de-duplication, inside the transaction: if another gateway finished this platform
        // message meanwhile, nothing here runs and its reply stands alone.
        transaction.AddCondition(Condition.KeyNotExists(seenKey));
        if (reply is not null)
        {
            _ = transaction.StreamAddAsync(_names.Outbound(message.Channel), ChannelStreamWriter.MessageFields(reply),
                maxLength: _options.StreamMaxLength, useApproximateMaxLength: true);
        }

        _ = transaction.StreamAcknowledgeAsync(_names.Inbound, StreamNames.GatewayGroup, entry.Id);
        _ = transaction.StringSetAsync(seenKey, entry.Id.ToString(), _options.SeenTtl);
        if (await transaction.ExecuteAsync().ConfigureAwait(false))
        {
            if (reply is not null)
            {
                Counters.RecordReply();
            }

            return;
        }

        Counters.RecordDuplicate();
        await redis.GetDatabase().StreamAcknowledgeAsync(_names.Inbound, StreamNames.GatewayGroup, entry.Id).ConfigureAwait(false);
    }

    internal async Task DeadLetterAsync(StreamEntry entry, string reason, int attempts)
    {
        var transaction = redis.GetDatabase().CreateTransaction();
        _ = transaction.StreamAddAsync(_names.DeadLetter, ChannelStreamWriter.DeadLetterFields(new DeadLetterEntry
        {
            Stream = _names.Inbound,
            Group = StreamNames.GatewayGroup,
            EntryId = entry.Id.ToString(),
            Attempts = attempts,
            Reason = reason,
            Envelope = entry[ChannelMessageTypes.EnvelopeField].IsNull ? null : (string?)entry[ChannelMessageTypes.EnvelopeField],
            FailedAt = clock.GetUtcNow(),
        }), maxLength: _options.StreamMaxLength, useApproximateMaxLength: true);
        _ = transaction.StreamAcknowledgeAsync(_names.Inbound, StreamNames.GatewayGroup, entry.Id);
        await transaction.ExecuteAsync().ConfigureAwait(false);
    }

    private static OutboundMessage Reply(InboundMessage message, string envelopeId, string text, ChannelAccessSettings settings) => new()
    {
        Target = Target(message),
        Text = text,
        ReplyToMessageId = settings.ReplyToMode is "first" or "all" or "batched" ? message.PlatformMessageId : null,
        // Stable per platform message: even a second published reply would be dropped by the worker.
        IdempotencyKey = $"reply:{message.Channel}:{message.AccountId}:{message.PlatformMessageId}",
        InReplyToEnvelopeId = envelopeId,
    };

    private static OutboundTarget Target(InboundMessage message) => new()
    {
        Channel = message.Channel,
        AccountId = message.AccountId,
        ChatId = message.ChatId,
        ThreadId = message.ThreadId,
    };

    internal static string PairingText(InboundMessage message, string code) =>
        $"OpenClaw: access not configured.\n\nYour {message.Channel} user id: {message.Sender.Id}\n\nPairing code: {code}\n\n" +
        $"Ask the bot owner to approve with:\nopenclaw pairing approve {message.Channel} {code}";

    private static RouteInput RouteInputFor(InboundMessage message)
    {
        var kind = message.ChatType switch { ChatType.Direct => "direct", ChatType.Group => "group", _ => "channel" };
        var peerId = message.ChatType == ChatType.Direct ? message.Sender.Id : message.ChatId;
        var isTopic = message.Channel == "telegram" && message.ThreadId is not null;
        return new RouteInput
        {
            Channel = message.Channel,
            AccountId = message.AccountId,
            Peer = new RoutePeer(kind, peerId),
            GuildId = message.GuildId,
            TeamId = message.TeamId,
            MemberRoleIds = message.RoleIds,
            ThreadId = isTopic ? null : message.ThreadId,
            TopicId = isTopic ? message.ThreadId : null,
        };
    }

    private static string MessageText(InboundMessage message)
    {
        var text = new StringBuilder(message.Text);
        if (message.ReplyTo?.Text is { Length: > 0 } quoted)
        {
            text.Insert(0, $"[Replying to: {quoted}]\n");
        }

        foreach (var media in message.Media)
        {
            text.Append('\n').Append(media.Path is { } path ? $"<media:{media.Kind}> {path}" : $"<media:{media.Kind}> (not downloaded: {media.Error})");
        }

        return text.ToString();
    }

    private static IReadOnlyList<RunAttachment> Attachments(InboundMessage message)
    {
        var attachments = new List<RunAttachment>();
        foreach (var media in message.Media)
        {
            // Images go to the model as images (capped at 6 MB as upstream); other files stay paths in the text.
            if (media is { Kind: "photo", Path: { } path } && File.Exists(path) && new FileInfo(path).Length <= 6 * 1024 * 1024)
            {
                attachments.Add(new RunAttachment(media.MimeType ?? "image/jpeg", File.ReadAllBytes(path), media.FileName));
            }
        }

        return attachments;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbound entry {EntryId} is malformed and goes to the dead-letter stream: {Error}")]
    private partial void LogMalformed(string entryId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis unavailable while finishing inbound entry {EntryId}, retrying: {Error}")]
    private partial void LogFinishRetry(string entryId, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dropped a {Channel} message in {ChatId}: {Reason}")]
    private partial void LogDropped(string channel, string chatId, string reason);
}

/// <summary>An inbound entry read once; <see cref="OrderingKey"/> groups entries whose turns must start in order (one chat).</summary>
internal sealed record ParsedInbound(InboundMessage? Message, string? EnvelopeId, string? Error)
{
    public string? Traceparent { get; init; }

    public string? Tracestate { get; init; }

    public string OrderingKey => Message is { } m ? $"{m.Channel}\n{m.AccountId}\n{m.ChatId}\n{m.ThreadId}" : "";
}

/// <summary>Thread-safe counters of the inbound pipeline.</summary>
public sealed class ChannelCounters
{
    private long _replied;
    private long _duplicates;
    private long _dropped;
    private long _pairing;

    public long RepliesPublished => Interlocked.Read(ref _replied);

    public long DuplicatesSkipped => Interlocked.Read(ref _duplicates);

    public long Dropped => Interlocked.Read(ref _dropped);

    public long PairingRequests => Interlocked.Read(ref _pairing);

    internal void RecordReply() => Interlocked.Increment(ref _replied);

    internal void RecordDuplicate() => Interlocked.Increment(ref _duplicates);

    internal void RecordDrop() => Interlocked.Increment(ref _dropped);

    internal void RecordPairing() => Interlocked.Increment(ref _pairing);
}
