using Docker.DotNet;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenClaw.SandboxManager;
using OpenClaw.SandboxManager.Docker;

namespace Microsoft.Extensions.Hosting;

public static class DockerServiceCollectionExtensions
{
    /// <summary>The Docker side: one Engine API client (Docker.DotNet), containers, exec, files and the registry.</summary>
    public static TBuilder AddSandboxDocker<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<SandboxManagerOptions>().BindConfiguration(SandboxManagerOptions.Section);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IDockerClient>(services =>
        {
            var endpoint = services.GetRequiredService<IOptions<SandboxManagerOptions>>().Value.DockerEndpoint
                ?? Environment.GetEnvironmentVariable("DOCKER_HOST")
                ?? "unix:///var/run/docker.sock";
            return new DockerClientConfiguration(new Uri(endpoint)).CreateClient();
        });
        builder.Services.TryAddSingleton<SandboxRegistry>();
        builder.Services.TryAddSingleton<WarmRunnerPool>();
        builder.Services.TryAddSingleton<SandboxExec>();
        builder.Services.TryAddSingleton<SandboxContainers>();
        builder.Services.TryAddSingleton<SandboxFiles>();
        builder.Services.AddHealthChecks().AddCheck<DockerHealthCheck>("docker");
        return builder;
    }
}
