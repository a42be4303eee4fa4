using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OpenClaw.ChannelWorkers.Pipeline;

/// <summary>Traces and metrics of the channel workers (collected by ServiceDefaults as <c>OpenClaw.*</c>).</summary>
internal static class ChannelWorkerTelemetry
{
    public const string Name = "OpenClaw.ChannelWorkers";

    public static readonly ActivitySource Source = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> InboundMessages = Meter.CreateCounter<long>("openclaw.channel.inbound.messages");

    public static readonly Counter<long> OutboundMessages = Meter.CreateCounter<long>("openclaw.channel.outbound.messages");

    public static readonly Counter<long> DeadLetters = Meter.CreateCounter<long>("openclaw.channel.deadletters");

    public static readonly Counter<long> Reconnects = Meter.CreateCounter<long>("openclaw.channel.reconnects");
}
