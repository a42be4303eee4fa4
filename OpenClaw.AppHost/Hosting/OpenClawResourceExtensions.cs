using OpenClaw.AppHost.Orchestration;

namespace OpenClaw.AppHost.Hosting;

/// <summary>AppHost verbs specific to OpenClaw's services.</summary>
public static class OpenClawResourceExtensions
{
    /// <summary>The gateway token: the one in the user's config (<c>gateway.auth.token</c>), else a new one per run.</summary>
    public static string GatewayToken(this DistributedApplicationBuilder builder) =>
        builder.UserConfig.GatewayToken ?? Secrets.NewToken();

    /// <summary>
    /// The gateway listens on its own port setting (<c>OPENCLAW_GATEWAY_PORT</c>, upstream's
    /// precedence after <c>--port</c>); it gets the same free port as its HTTP endpoint.
    /// </summary>
    public static ResourceBuilder<ProjectResource> WithGatewayPort(this ResourceBuilder<ProjectResource> builder)
    {
        var endpoint = builder.Resource.HttpEndpoint ?? throw new InvalidOperationException("The gateway needs an HTTP endpoint.");
        return builder.WithEnvironment("OPENCLAW_GATEWAY_PORT", endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Lets the gateway start for someone who has not run setup yet (no <c>gateway.mode</c> in the
    /// config), like upstream's <c>--allow-unconfigured</c>. A config that says <c>remote</c> is respected:
    /// the gateway then refuses to start and says why.
    /// </summary>
    public static ResourceBuilder<ProjectResource> AllowUnconfiguredWhenNotSetUp(this ResourceBuilder<ProjectResource> builder) =>
        builder.ApplicationBuilder.UserConfig.GatewayMode is null ? builder.WithArgs("--allow-unconfigured") : builder;

    /// <summary>Shows the resource as "disabled: no Docker engine" (with the fix) when the engine does not answer /_ping.</summary>
    public static ResourceBuilder<T> RequiresDocker<T>(this ResourceBuilder<T> builder)
        where T : Resource
    {
        using var docker = new DockerEngine();
        var answers = docker.PingAsync(CancellationToken.None).GetAwaiter().GetResult();
        return builder.DisabledWhen(answers ? null : DockerEngine.NoEngineFix);
    }

    /// <summary>Prints a URL for people next to the dashboard login line (e.g. the Control UI with its token).</summary>
    public static ResourceBuilder<T> WithAnnouncedUrl<T>(this ResourceBuilder<T> builder, string label, Func<string, string> url)
        where T : Resource
    {
        var endpoint = builder.Resource.HttpEndpoint ?? throw new InvalidOperationException($"{builder.Resource.Name} has no HTTP endpoint to announce.");
        builder.ApplicationBuilder.AnnouncedUrls.Add((label, url(endpoint.Url)));
        return builder;
    }
}
