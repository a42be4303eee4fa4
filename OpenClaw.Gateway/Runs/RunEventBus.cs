using System.Threading.Channels;

namespace OpenClaw.Gateway.Runs;

/// <summary>Fan-out of run events to subscribers, each with its own unbounded channel.</summary>
public sealed class RunEventBus : IRunEvents
{
    private readonly Lock _lock = new();
    private Subscriber[] _subscribers = [];

    public RunEventSubscription Subscribe(Func<RunEvent, bool>? filter = null)
    {
        var channel = Channel.CreateUnbounded<RunEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
        var subscriber = new Subscriber(channel, filter);
        lock (_lock)
        {
            _subscribers = [.. _subscribers, subscriber];
        }

        return new RunEventSubscription(channel.Reader, () =>
        {
            lock (_lock)
            {
                _subscribers = [.. _subscribers.Where(s => s != subscriber)];
            }

            channel.Writer.TryComplete();
        });
    }

    public void Publish(RunEvent runEvent)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            if (subscriber.Filter?.Invoke(runEvent) != false)
            {
                subscriber.Channel.Writer.TryWrite(runEvent);
            }
        }
    }

    private sealed record Subscriber(Channel<RunEvent> Channel, Func<RunEvent, bool>? Filter);
}
