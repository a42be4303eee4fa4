using Docker.DotNet;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OpenClaw.SandboxManager.Docker;

/// <summary>Healthy when the Docker engine answers a ping: without it no sandbox can be served.</summary>
public sealed class DockerHealthCheck(IDockerClient docker) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await docker.System.PingAsync(timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or DockerApiException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("the Docker engine does not answer; sandboxes cannot be created", ex);
        }
    }
}
