using OpenClaw.AppHost.Hosting;

namespace OpenClaw.AppHost.Publishing;

/// <summary>
/// Aspire's publish switches: <c>--publisher manifest --output-path FILE</c> writes aspire-manifest.json,
/// <c>--publisher docker-compose --output-path DIR</c> writes the Compose deployment. Both come from the
/// same app model the AppHost runs; nothing is started.
/// </summary>
public static class PublishingExtensions
{
    public static bool IsPublishing(this DistributedApplicationBuilder builder) =>
        !string.IsNullOrWhiteSpace(builder.Configuration["publisher"]);

    /// <returns>The process exit code: 0, or 2 with a message on stderr for bad switches.</returns>
    public static int Publish(this DistributedApplicationBuilder builder)
    {
        var publisher = builder.Configuration["publisher"]!.Trim();
        var outputPath = builder.Configuration["output-path"];
        var sourceRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
        try
        {
            var app = PublishedAppFactory.Create(builder);
            switch (publisher)
            {
                case "manifest":
                    var file = Path.GetFullPath(outputPath is { Length: > 0 } ? outputPath : "aspire-manifest.json");
                    if (!file.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                    {
                        file = Path.Combine(file, "aspire-manifest.json");
                    }

                    Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                    File.WriteAllText(file, ManifestWriter.Write(app, Path.GetDirectoryName(file)!));
                    Console.WriteLine($"Published manifest to: {file}");
                    return 0;
                case "docker-compose":
                    var directory = Path.GetFullPath(outputPath is { Length: > 0 } ? outputPath : "aspire-output");
                    var written = ComposePublisher.Publish(app, builder.Dashboard.ProjectFile, sourceRoot, directory);
                    Console.WriteLine($"Published Docker Compose deployment to: {directory}");
                    foreach (var path in written)
                    {
                        Console.WriteLine($"  {Path.GetFileName(path)}");
                    }

                    return 0;
                default:
                    Console.Error.WriteLine($"--publisher '{publisher}' is not known: use 'manifest' (with --output-path <file.json>) or 'docker-compose' (with --output-path <dir>).");
                    return 2;
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Publishing failed: {ex.Message}");
            return 1;
        }
    }
}
