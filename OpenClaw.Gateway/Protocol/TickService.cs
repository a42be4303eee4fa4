using System.Text.Json;
using Microsoft.Extensions.Options;
using OpenClaw.Contracts.Protocol;

namespace OpenClaw.Gateway.Protocol;

/// <summary>
/// Sends <c>tick {ts}</c> to every connection each <c>tickIntervalMs</c> (15 s) so clients can detect dead
/// links. One timer for all connections; the payload is serialized once per tick.
/// </summary>
public sealed class TickService(ConnectionRegistry registry, IOptionsMonitor<GatewayProtocolOptions> options, TimeProvider clock,
    ILogger<TickService> logger) : BackgroundService
{
    /// <summary>
    /// Connections written to before the tick loop yields. Each write takes a 4 KiB block from Kestrel's
    /// memory pool until the socket has sent it; writing to all 5,000 connections at once grew the pool
    /// by ~14 MB that it kept afterwards (bench/control-plane). Yielding lets the senders return blocks.
    /// </summary>
    private const int Burst = 64;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(100, options.CurrentValue.TickIntervalMs)), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var payload = JsonSerializer.SerializeToUtf8Bytes(new { ts = clock.GetUtcNow().ToUnixTimeMilliseconds() }, ProtocolJson.Options);
            var written = 0;
            foreach (var connection in registry.All)
            {
                // Not awaited: a client that does not read must not hold up everyone else's tick.
                _ = SendAsync(connection, payload, stoppingToken);
                if (++written % Burst == 0)
                {
                    await Task.Delay(1, stoppingToken);
                }
            }
        }
    }

    private async Task SendAsync(GatewayConnection connection, byte[] payload, CancellationToken cancellationToken)
    {
        try
        {
            await connection.SendEventAsync("tick", payload, null, true, cancellationToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogDebug(ex, "tick to {ConnId} failed", connection.ConnId);
        }
    }
}
