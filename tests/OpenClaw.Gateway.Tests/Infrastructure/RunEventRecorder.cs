using OpenClaw.Gateway.Runs;

namespace OpenClaw.Gateway.Tests.Infrastructure;

/// <summary>Collects the events of one run until its terminal event.</summary>
public sealed class RunEventRecorder : IDisposable
{
    private readonly RunEventSubscription _subscription;
    private readonly List<RunEvent> _events = [];
    private readonly Task _pump;

    public RunEventRecorder(IRunEvents events, string runId)
    {
        _subscription = events.Subscribe(e => e.RunId == runId);
        _pump = Task.Run(async () =>
        {
            await foreach (var e in _subscription.Reader.ReadAllAsync())
            {
                lock (_events)
                {
                    _events.Add(e);
                }

                if (e.IsTerminal)
                {
                    return;
                }
            }
        });
    }

    public IReadOnlyList<RunEvent> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public async Task<IReadOnlyList<RunEvent>> UntilEndAsync()
    {
        await _pump.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        return Events;
    }

    public void Dispose() => _subscription.Dispose();
}
