using OpenClaw.Gateway.Protocol;

namespace OpenClaw.Gateway.Cron;

/// <summary>
/// Job and run changes: the WS <c>cron</c> event to operators (when the control plane is on) and a wake-up for the
/// scheduler loop, whose next fire time may have moved.
/// </summary>
public sealed class CronEvents(IServiceProvider services, ILogger<CronEvents> logger)
{
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);

    /// <summary>Completes at the next change (the scheduler waits on it next to its timer).</summary>
    public Task WaitForChangeAsync(CancellationToken cancellationToken) => _wake.WaitAsync(cancellationToken);

    /// <summary>Wakes the scheduler without telling operators (a run slot freed up).</summary>
    public void Wake() => _wake.Release();

    public async Task PublishAsync(object payload)
    {
        _wake.Release();
        if (services.GetService<EventBroadcaster>() is not { } broadcaster)
        {
            return;
        }

        try
        {
            await broadcaster.BroadcastAsync("cron", payload).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogDebug(ex, "could not broadcast a cron event");
        }
    }
}
