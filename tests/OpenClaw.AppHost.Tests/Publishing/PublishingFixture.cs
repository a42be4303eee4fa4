using OpenClaw.AppHost.Hosting;
using OpenClaw.AppHost.Publishing;

namespace OpenClaw.AppHost.Tests.Publishing;

/// <summary>
/// A fixed app model (the AppHost's shape with two channels and a gateway token a user configured)
/// and helpers to publish it into a throw-away folder.
/// </summary>
internal static class PublishingFixture
{
    /// <summary>Looks like a real token on purpose: it must never reach a published file.</summary>
    public const string ConfiguredGatewayToken = "5f1e0c2d9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d";

    public static string GoldenDirectory => Path.Combine(AppHostProcess.RepoRoot, "tests", "OpenClaw.AppHost.Tests", "Publishing", "Golden");

    public static DistributedApplicationBuilder FixedModel()
    {
        var builder = DistributedApplication.CreateBuilder([]);
        var redis = builder.AddRedis("redis");
        var gateway = builder.AddProject("gateway", "../OpenClaw.Gateway")
            .WithReference(redis)
            .WaitFor(redis)
            .WithGatewayPort()
            .WithEnvironment("OPENCLAW_GATEWAY_TOKEN", ConfiguredGatewayToken)
            .WithHttpHealthCheck("/health");
        builder.AddProject("sandbox-manager", "../OpenClaw.SandboxManager")
            .WithReference(redis)
            .WaitFor(redis)
            .WithHttpHealthCheck("/health");
        foreach (var channel in new[] { "telegram", "discord" })
        {
            builder.AddProject($"channel-{channel}", "../OpenClaw.ChannelWorkers")
                .WithArgs("--channel", channel)
                .WithReference(redis)
                .WaitFor(redis)
                .WaitFor(gateway)
                .WithHttpHealthCheck("/health");
        }

        builder.AddProject("control-ui", "../OpenClaw.ControlUi")
            .WithReference(gateway)
            .WaitFor(gateway)
            .WithHttpHealthCheck("/health");
        return builder;
    }

    /// <summary>Publishes the Compose deployment; paths that depend on the temp folder are replaced by &lt;source&gt; / &lt;output&gt;.</summary>
    public static Dictionary<string, string> PublishCompose(DistributedApplicationBuilder model, string outputDirectory)
    {
        var sourceRoot = Path.GetFullPath(Path.Combine(model.AppHostDirectory, ".."));
        var written = ComposePublisher.Publish(PublishedAppFactory.Create(model), model.Dashboard.ProjectFile, sourceRoot, outputDirectory);
        var sourceFromOutput = Path.GetRelativePath(outputDirectory, sourceRoot);
        var outputFromSource = Path.GetRelativePath(sourceRoot, outputDirectory);
        return written.ToDictionary(
            path => Path.GetFileName(path),
            path => File.ReadAllText(path)
                .Replace(sourceFromOutput, "<source>", StringComparison.Ordinal)
                .Replace(outputFromSource, "<output>", StringComparison.Ordinal));
    }

    /// <summary>Compares with the golden file; OPENCLAW_UPDATE_GOLDEN=1 rewrites it instead (review the diff!).</summary>
    public static void AssertGolden(string name, string actual)
    {
        var path = Path.Combine(GoldenDirectory, name);
        if (Environment.GetEnvironmentVariable("OPENCLAW_UPDATE_GOLDEN") is "1")
        {
            Directory.CreateDirectory(GoldenDirectory);
            File.WriteAllText(path, actual);
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing: run the tests once with OPENCLAW_UPDATE_GOLDEN=1 and review it.");
        Assert.Equal(File.ReadAllText(path), actual);
    }

    public static DirectoryInfo TempDirectory() => Directory.CreateTempSubdirectory("openclaw-publish-test-");
}
