using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenClaw.SandboxManager.Pruning;

namespace Microsoft.Extensions.Hosting;

public static class PruningServiceCollectionExtensions
{
    /// <summary>The prune rule (idleHours / maxAgeDays) and its periodic loop.</summary>
    public static TBuilder AddSandboxPruning<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.TryAddSingleton<SandboxPruner>();
        builder.Services.AddHostedService<SandboxPruneLoop>();
        return builder;
    }
}
