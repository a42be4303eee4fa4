using System.Diagnostics;

namespace OpenClaw.Gateway.Channels;

/// <summary>
/// Spans of the gateway's channel pipeline. An inbound turn continues the trace the channel worker
/// started (the envelope's W3C <c>traceparent</c>), so one chat message is one trace from worker to model.
/// </summary>
internal static class GatewayChannelsTelemetry
{
    public const string Name = "OpenClaw.Gateway.Channels";

    public static readonly ActivitySource Source = new(Name);

    public static Activity? StartInbound(string channel, string? traceparent, string? tracestate)
    {
        ActivityContext.TryParse(traceparent, tracestate, isRemote: true, out var parent);
        var activity = Source.StartActivity("gateway inbound", ActivityKind.Consumer, parent);
        activity?.SetTag("messaging.system", "redis");
        activity?.SetTag("messaging.operation.type", "process");
        activity?.SetTag("openclaw.channel", channel);
        return activity;
    }
}
