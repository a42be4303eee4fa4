namespace OpenClaw.Contracts;

/// <summary>
/// Redis keys shared between services (architecture: "Redis"). The prefix defaults to <c>openclaw:</c>
/// and is configurable so several installations can share one Redis.
/// </summary>
public sealed record StreamNames(string Prefix = StreamNames.DefaultPrefix)
{
    public const string DefaultPrefix = "openclaw:";

    public const string GatewayGroup = "gateway";
    public const string SandboxManagerGroup = "sandbox-manager";

    public string Inbound => $"{Prefix}inbound";
    public string Outbound(string channel) => $"{Prefix}outbound:{channel}";
    public static string ChannelGroup(string channel) => $"channel-{channel}";
    public string SandboxRequests => $"{Prefix}sandbox:requests";
    public string SandboxReplies(string instance) => $"{Prefix}sandbox:replies:{instance}";
    public string DeadLetter => $"{Prefix}deadletter";
    public string Seen(string channel, string account, string platformMessageId) => $"{Prefix}seen:{channel}:{account}:{platformMessageId}";
    public string Sent(string idempotencyKey) => $"{Prefix}sent:{idempotencyKey}";
    /// <summary>The stored answer of a WS <c>send</c> request, so a repeated idempotencyKey is answered, not sent again.</summary>
    public string SendRequest(string idempotencyKey) => $"{Prefix}send:{idempotencyKey}";
    public string ChannelStatus(string channel, string account) => $"{Prefix}channel-status:{channel}:{account}";
    public string Lock(string name) => $"{Prefix}lock:{name}";
}
