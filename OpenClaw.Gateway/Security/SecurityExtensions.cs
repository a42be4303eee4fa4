namespace OpenClaw.Gateway.Security;

/// <summary>Registers auth, the failed-auth rate limit and the device pairing store.</summary>
public static class SecurityExtensions
{
    public static IServiceCollection AddGatewaySecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GatewaySecurityOptions>()
            .BindConfiguration(GatewaySecurityOptions.SectionName)
            .PostConfigure(options =>
            {
                // The env vars win over the config file, as upstream documents.
                if (configuration["OPENCLAW_GATEWAY_TOKEN"] is { Length: > 0 } token)
                {
                    options.Auth.Token = token;
                }

                if (configuration["OPENCLAW_GATEWAY_PASSWORD"] is { Length: > 0 } password)
                {
                    options.Auth.Password = password;
                }
            });
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(StatePaths.FromConfiguration(configuration));
        services.AddSingleton<SharedSecretAuthenticator>();
        services.AddSingleton<FailedAuthRateLimiter>();
        services.AddSingleton<DevicePairingStore>();
        return services;
    }
}
