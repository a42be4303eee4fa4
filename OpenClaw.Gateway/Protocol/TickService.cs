using System.Text.Json;
using Microsoft.Extensions.Options;
using OpenClaw.Contracts.Protocol;

namespace OpenClaw.Gateway.Protocol;

/// <summary>Sends <c>tick {ts}</c> to every connection each <c>tickIntervalMs</c> (15 s) so clients can detect dead links.</summary>
public sealed class TickService(ConnectionRegistry registry, IOptionsMonitor<GatewayProtocolOptions> options, TimeProvider clock,
    ILogger<TickService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(100, options.CurrentValue.TickIntervalMs)), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var payload = JsonSerializer.SerializeToUtf8Bytes(new { ts = clock.GetUtcNow().ToUnixTimeMilliseconds() }, ProtocolJson.Options);
            foreach (var connection in registry.All)
            {
                _ = SendAsync(connection, payload, stoppingToken);
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
