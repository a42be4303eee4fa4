using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OpenClaw.Gateway.Security;

/// <summary>Registers the control plane's security pieces; shared-secret auth and the rate limiter come from the gateway core.</summary>
public static class SecurityExtensions
{
    public static IServiceCollection AddGatewaySecurity(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ControlPlaneSettings>();
        services.TryAddSingleton<SharedSecretAuthenticator>();
        services.TryAddSingleton<DevicePairingStore>();
        return services;
    }
}
