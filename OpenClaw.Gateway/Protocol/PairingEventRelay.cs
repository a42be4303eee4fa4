using OpenClaw.Gateway.Channels;

namespace OpenClaw.Gateway.Protocol;

/// <summary>
/// Announces each new DM pairing code to operators with <c>operator.pairing</c> as the event
/// <c>pairing.requested {channel, code, id, meta}</c>, so a Control UI can show it without polling.
/// </summary>
public sealed class PairingEventRelay(IServiceProvider services, EventBroadcaster events) : IHostedService
{
    private PairingStore? _store;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Channels are optional (a gateway without them has no pairing store).
        _store = services.GetService<PairingStore>();
        if (_store is not null)
        {
            _store.RequestCreated += OnRequestCreated;
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (_store is not null)
        {
            _store.RequestCreated -= OnRequestCreated;
        }

        return Task.CompletedTask;
    }

    private void OnRequestCreated(string channel, PairingRequest request) =>
        _ = events.BroadcastAsync("pairing.requested", new { channel, code = request.Code, id = request.Id, meta = request.Meta ?? [] });
}
