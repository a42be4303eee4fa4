namespace OpenClaw.AppHost.Publishing;

/// <summary>
/// <c>--publisher docker-compose --output-path DIR</c>: writes docker-compose.yaml, .env (keys only,
/// merged), one Dockerfile per service, and docker-compose.offline.yaml, the override that builds
/// every image FROM a local base image for hosts where no registry answers (setup.sh uses it).
/// </summary>
public static class ComposePublisher
{
    public const string ComposeFileName = "docker-compose.yaml";

    public const string OfflineComposeFileName = "docker-compose.offline.yaml";

    public const string OfflineBaseImage = "openclaw-sandbox:bookworm-slim";

    public static IReadOnlyList<string> Publish(PublishedApp app, string dashboardProjectFile, string sourceRoot, string outputDirectory)
    {
        Directory.CreateDirectory(outputDirectory);
        var layout = new ComposeLayout(
            Relative(outputDirectory, sourceRoot),
            Relative(sourceRoot, outputDirectory));
        var written = new List<string>();

        var compose = new ComposeFileBuilder(app, layout).Build();
        written.Add(WriteFile(outputDirectory, ComposeFileName, Header + Yaml.Write(compose)));
        written.Add(WriteFile(outputDirectory, OfflineComposeFileName, OfflineHeader + Yaml.Write(Offline(app, dashboardProjectFile))));

        var projects = app.Resources.Where(r => r.Kind is PublishedKind.Project)
            .Select(r => (Service: r.Name, Project: r.ProjectPath!))
            .Prepend((Service: ComposeFileBuilder.DashboardService, Project: dashboardProjectFile));
        var publishProject = Relative(sourceRoot, Path.Combine(outputDirectory, ServicesPublishProject.FileName));
        foreach (var (service, project) in projects)
        {
            written.Add(WriteFile(outputDirectory, $"{service}.Dockerfile",
                DockerfileWriter.Write(service, Relative(sourceRoot, project), Path.GetFileNameWithoutExtension(project), publishProject)));
        }

        written.Add(WriteFile(outputDirectory, ServicesPublishProject.FileName,
            ServicesPublishProject.Write(projects.Select(p => Relative(outputDirectory, p.Project)))));

        written.Add(WriteFile(outputDirectory, "redis.offline.Dockerfile", DockerfileWriter.WriteOfflineRedis()));

        var envPath = Path.Combine(outputDirectory, ".env");
        var existing = File.Exists(envPath) ? File.ReadAllText(envPath) : null;
        written.Add(WriteFile(outputDirectory, ".env", EnvFile.Merge(EnvKeys(app), existing)));
        return written;
    }

    /// <summary>Every variable the Compose files read, with what it means. Values stay empty: defaults live in the Compose file.</summary>
    public static Dictionary<string, string> EnvKeys(PublishedApp app)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["DASHBOARD_BROWSER_TOKEN"] = "Parameter dashboard-browser-token: login token of the telemetry dashboard (secret; setup.sh generates it)",
            ["DOCKER_GID"] = "Group id owning the Docker socket on the host, given to the sandbox manager (setup.sh detects it)",
            ["OPENCLAW_CONFIG_DIR"] = "Host directory with the OpenClaw state (openclaw.json, sessions, credentials); empty: the named volume openclaw-state",
            ["OPENCLAW_WORKSPACE_DIR"] = "Host directory of the agent workspace; empty: the named volume openclaw-workspace",
            ["OPENCLAW_PUBLISH_HOST"] = "Host address the published ports bind to; empty: 127.0.0.1 (reach them through SSH or a reverse proxy)",
            ["OPENCLAW_DASHBOARD_PORT"] = "Host port of the telemetry dashboard; empty: 18888",
            ["OPENCLAW_DOCKER_APT_PACKAGES"] = "Extra Debian packages baked into the service images, space separated",
            ["OPENCLAW_DOCKER_SOCKET"] = "Docker socket mounted into the sandbox manager; empty: /var/run/docker.sock",
            ["OPENCLAW_SDK_IMAGE"] = $"Build stage image; empty: {DockerfileWriter.SdkImage}",
            ["OPENCLAW_RUNTIME_IMAGE"] = $"Runtime base image; empty: {DockerfileWriter.RuntimeImage}",
            ["OPENCLAW_OFFLINE_BASE_IMAGE"] = $"Local base image for {OfflineComposeFileName} when no registry answers; empty: {OfflineBaseImage}",
            ["OPENCLAW_SOURCE_DIR"] = "Docker build context (the repository root); empty: the folder above this one",
        };
        foreach (var parameter in app.Parameters)
        {
            keys[parameter.EnvName] = $"Parameter {parameter.Name}: {parameter.Description} (secret; setup.sh generates it)";
        }

        foreach (var resource in app.Resources.Where(r => r.Kind is PublishedKind.Project).Select(r => r.Name).Prepend(ComposeFileBuilder.DashboardService))
        {
            keys[resource.ToUpperInvariant().Replace('-', '_') + "_IMAGE"] = $"Image of {resource}; empty: openclaw-{resource}:local, built from {resource}.Dockerfile";
        }

        foreach (var resource in app.Resources.Where(r => r.Convention.HostPortVariable is not null))
        {
            keys[resource.Convention.HostPortVariable!] = $"Host port of {resource.Name}; empty: {resource.Convention.DefaultHostPort}";
        }

        return keys;
    }

    private static YamlMap Offline(PublishedApp app, string dashboardProjectFile)
    {
        var services = new YamlMap();
        var projects = app.Resources.Where(r => r.Kind is PublishedKind.Project)
            .Select(r => (Service: r.Name, Project: r.ProjectName!))
            .Prepend((Service: ComposeFileBuilder.DashboardService, Project: Path.GetFileNameWithoutExtension(dashboardProjectFile)));
        foreach (var (service, project) in projects)
        {
            var baseImage = $"${{OPENCLAW_OFFLINE_BASE_IMAGE:-{OfflineBaseImage}}}";
            services.Add(service, new YamlMap
            {
                { "build", new YamlMap
                    {
                        { "context", $".publish/{project}" },
                        { "dockerfile", $"../../{service}.Dockerfile" },
                        { "network", "host" },
                        { "args", new YamlMap
                            {
                                { "PREBUILT", "1" },
                                { "SDK_IMAGE", baseImage },
                                { "RUNTIME_IMAGE", baseImage },
                                { "INVARIANT_GLOBALIZATION", "true" },
                            }
                        },
                    }
                },
            });
        }

        foreach (var redis in app.Resources.Where(r => r.Image == PublishedAppFactory.RedisImage))
        {
            services.Add(redis.Name, new YamlMap
            {
                { "image", "openclaw-redis:offline" },
                { "build", new YamlMap
                    {
                        { "context", "." },
                        { "dockerfile", "redis.offline.Dockerfile" },
                        { "network", "host" },
                        { "args", new YamlMap { { "BASE_IMAGE", $"${{OPENCLAW_OFFLINE_BASE_IMAGE:-{OfflineBaseImage}}}" } } },
                    }
                },
            });
        }

        return new YamlMap { { "services", services } };
    }

    private const string Header =
        "# Generated by `dotnet run --project OpenClaw.AppHost -- --publisher docker-compose --output-path <dir>`. Do not edit:\n" +
        "# change the app model (OpenClaw.AppHost) and publish again. Works with `docker compose` v2 and `docker-compose` v1.29.\n";

    private const string OfflineHeader =
        "# Generated. Offline override: builds every image FROM a local base image (no registry needed) from\n" +
        "# self-contained publish output in .publish/<project> (services.publish.proj). setup.sh uses it when no registry answers.\n";

    private static string WriteFile(string directory, string name, string content)
    {
        var path = Path.Combine(directory, name);
        var temp = path + ".tmp";
        File.WriteAllText(temp, content);
        File.Move(temp, path, overwrite: true);
        return path;
    }

    private static string Relative(string from, string to) => Path.GetRelativePath(from, to).Replace('\\', '/');
}
