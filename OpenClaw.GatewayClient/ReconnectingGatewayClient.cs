using System.Text.Json;

namespace OpenClaw.GatewayClient;

/// <summary>
/// Keeps one gateway connection alive: connects, pumps events to <see cref="EventReceived"/>, and on a close
/// reconnects with exponential backoff (1 s → 30 s, upstream's reference client). A refused shared secret stops
/// the loop (<see cref="GatewayLinkStatus.AuthFailed"/>) until <see cref="Restart"/>; "pairing required" keeps
/// retrying at <see cref="PairingRetry"/> so an approved device connects by itself.
/// </summary>
public sealed class ReconnectingGatewayClient(Func<GatewayConnectOptions> options, TimeProvider? time = null) : IAsyncDisposable
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private CancellationTokenSource? _loopStop;
    private Task? _loop;
    private GatewayConnection? _connection;

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan PairingRetry { get; init; } = TimeSpan.FromSeconds(3);

    public GatewayLinkState State { get; private set; } = new(GatewayLinkStatus.Idle);

    /// <summary>The live connection, or null while disconnected.</summary>
    public GatewayConnection? Connection => _connection;

    public event Action<GatewayLinkState>? StateChanged;

    public event Action<GatewayEvent>? EventReceived;

    /// <summary>Starts (or restarts after new credentials) the connect loop.</summary>
    public void Restart()
    {
        lock (_gate)
        {
            _loopStop?.Cancel();
            _loopStop = new CancellationTokenSource();
            var previous = _loop;
            var stop = _loopStop.Token;
            _loop = Task.Run(async () =>
            {
                if (previous is not null)
                {
                    await previous.ConfigureAwait(false);
                }

                await RunAsync(stop).ConfigureAwait(false);
            }, CancellationToken.None);
        }
    }

    /// <summary>A request on the live connection; a clear error when there is none.</summary>
    public Task<JsonElement> RequestAsync(string method, object? parameters, CancellationToken cancellationToken) =>
        _connection is { } connection
            ? connection.RequestAsync(method, parameters, cancellationToken)
            : throw new GatewayException($"not connected to the gateway ({State.DisconnectText ?? "connecting"})");

    /// <summary>Next delay: doubles per failed attempt from <see cref="InitialBackoff"/> up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan BackoffFor(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, InitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1))));

    private async Task RunAsync(CancellationToken stop)
    {
        var attempt = 0;
        while (!stop.IsCancellationRequested)
        {
            Publish(State with { Status = GatewayLinkStatus.Connecting, Attempt = attempt });
            GatewayLinkState failed;
            try
            {
                var connection = await GatewayConnection.ConnectAsync(options(), stop).ConfigureAwait(false);
                _connection = connection;
                attempt = 0;
                Publish(new GatewayLinkState(GatewayLinkStatus.Connected) { DeviceId = connection.DeviceId });
                var closed = await PumpAsync(connection, stop).ConfigureAwait(false);
                _connection = null;
                await connection.DisposeAsync().ConfigureAwait(false);
                if (stop.IsCancellationRequested)
                {
                    break;
                }

                failed = new GatewayLinkState(GatewayLinkStatus.Disconnected) { CloseCode = closed.CloseCode, CloseReason = closed.Reason, Error = closed.Message };
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (GatewayRequestException ex)
            {
                failed = Refused(ex);
            }
            catch (GatewayTransportException ex)
            {
                failed = new GatewayLinkState(GatewayLinkStatus.Disconnected) { CloseCode = ex.CloseCode, CloseReason = ex.Reason, Error = ex.Message };
            }
            catch (GatewayException ex)
            {
                failed = new GatewayLinkState(GatewayLinkStatus.Disconnected) { Error = ex.Message };
            }

            attempt++;
            if (failed.Status == GatewayLinkStatus.AuthFailed)
            {
                Publish(failed with { Attempt = attempt });
                break;
            }

            var delay = failed.PairingRequired ? PairingRetry : BackoffFor(attempt);
            Publish(failed with { Attempt = attempt, RetryAt = _time.GetUtcNow() + delay });
            try
            {
                await Task.Delay(delay, _time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task<GatewayTransportException> PumpAsync(GatewayConnection connection, CancellationToken stop)
    {
        try
        {
            await foreach (var e in connection.Events.ReadAllAsync(stop).ConfigureAwait(false))
            {
                EventReceived?.Invoke(e);
            }
        }
        catch (OperationCanceledException)
        {
            return new GatewayTransportException("stopped", 1000, "stopped");
        }

        return await connection.Closed.ConfigureAwait(false);
    }

    private static GatewayLinkState Refused(GatewayRequestException ex)
    {
        // The gateway answers the refused connect, then closes with 1008 and the reason UIs print.
        var detail = ex.DetailCode;
        var authFailed = detail is "AUTH_TOKEN_MISSING" or "AUTH_TOKEN_MISMATCH" or "AUTH_PASSWORD_MISSING" or "AUTH_PASSWORD_MISMATCH"
            or "AUTH_DEVICE_TOKEN_MISMATCH" or "AUTH_SCOPE_MISMATCH" or "CONTROL_UI_ORIGIN_NOT_ALLOWED" or "CONTROL_UI_DEVICE_IDENTITY_REQUIRED"
            or "DEVICE_IDENTITY_REQUIRED";
        var reason = detail == "PAIRING_REQUIRED" ? "pairing required" : ex.Message;
        return new GatewayLinkState(authFailed ? GatewayLinkStatus.AuthFailed : GatewayLinkStatus.Disconnected)
        {
            CloseCode = 1008,
            CloseReason = reason,
            Error = ex.Message,
            DetailCode = detail,
            PairingRequestId = ex.DetailString("requestId"),
            DeviceId = ex.DetailString("deviceId"),
        };
    }

    private void Publish(GatewayLinkState state)
    {
        State = state;
        StateChanged?.Invoke(state);
    }

    public async ValueTask DisposeAsync()
    {
        Task? loop;
        lock (_gate)
        {
            _loopStop?.Cancel();
            loop = _loop;
        }

        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }

        if (_connection is { } connection)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        _loopStop?.Dispose();
    }
}
