using System.Text.Json;
using OpenClaw.Gateway.Channels;

namespace OpenClaw.Gateway.Protocol.Methods;

/// <summary>
/// Upstream's <c>send</c> (spec §1.5.7): <c>{to, message?, mediaUrl?, mediaUrls?, channel?, accountId?, threadId?,
/// idempotencyKey}</c> → <c>{runId, messageId?, channel, to}</c>. Used by <c>openclaw message send</c>.
/// </summary>
public static class MessagingMethods
{
    public static MethodRegistry MapMessagingMethods(this MethodRegistry methods) => methods
        .Map("send", Send);

    private static async Task<object?> Send(MethodContext context)
    {
        var service = context.Services.GetService<ChannelSendService>()
            ?? throw GatewayMethodException.Unavailable("send is not available: this gateway runs without channels");
        var media = new List<string>();
        if (context.OptionalString("mediaUrl") is { Length: > 0 } single)
        {
            media.Add(single);
        }

        if (context.Params is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("mediaUrls", out var list))
        {
            if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
            {
                throw GatewayMethodException.Invalid("invalid send params: at /mediaUrls: must be array of strings");
            }

            media.AddRange(list.EnumerateArray().Select(e => e.GetString()!).Where(s => s.Length > 0));
        }

        try
        {
            var result = await service.SendAsync(new ChannelSendRequest
            {
                To = context.OptionalString("to") ?? "",
                Message = context.OptionalString("message"),
                MediaUrls = media,
                Channel = context.OptionalString("channel"),
                AccountId = context.OptionalString("accountId"),
                ThreadId = context.OptionalString("threadId"),
                ReplyTo = context.OptionalString("replyTo"),
                IdempotencyKey = context.OptionalString("idempotencyKey") ?? "",
            }, context.CancellationToken);
            return new { runId = result.RunId, messageId = result.MessageId, channel = result.Channel, to = result.To, accountId = result.AccountId, cached = result.Cached };
        }
        catch (ChannelSendRequestException ex)
        {
            throw GatewayMethodException.Invalid($"invalid send params: {ex.Message}");
        }
        catch (ChannelSendUnavailableException ex)
        {
            throw GatewayMethodException.Unavailable(ex.Message);
        }
    }
}
