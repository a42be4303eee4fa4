namespace OpenClaw.Gateway.Protocol;

/// <summary>Broadcasts <c>shutdown {reason}</c> before the gateway closes its sockets (spec §1.1).</summary>
public sealed class ShutdownNotifier(EventBroadcaster events, ConnectionRegistry registry) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await events.BroadcastAsync("shutdown", new { reason = "gateway stopping" }).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken)
            .ContinueWith(_ => { }, TaskScheduler.Default);
        await Task.WhenAll(registry.All.Select(c => c.CloseAsync(1001, "gateway stopping")));
    }
}
