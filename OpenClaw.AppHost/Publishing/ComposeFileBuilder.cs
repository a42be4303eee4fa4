using System.Globalization;

namespace OpenClaw.AppHost.Publishing;

/// <summary>
/// Builds docker-compose.yaml from the published app model. Beyond Aspire's Docker publisher it adds
/// what a self-hosted deployment needs: <c>build:</c> sections (aspire #9744), health checks on each
/// service's own endpoint with <c>depends_on: condition: service_healthy</c> (#8208), restart policies,
/// host ports bound to loopback unless <c>OPENCLAW_PUBLISH_HOST</c> says otherwise, the OpenClaw state
/// dir and workspace, and the Docker socket for the sandbox manager only.
/// </summary>
public sealed class ComposeFileBuilder(PublishedApp app, ComposeLayout layout)
{
    public const string DashboardService = "aspire-dashboard";

    public const string StateVolume = "openclaw-state";

    public const string WorkspaceVolume = "openclaw-workspace";

    /// <summary>Where the state dir sits in the containers when it is a named volume (no OPENCLAW_CONFIG_DIR).</summary>
    public const string StateTarget = "/home/node/.openclaw";

    /// <summary>
    /// The state dir and workspace are mounted at the same absolute path inside the containers as on the host
    /// (upstream's advice for Docker-in-Docker sandboxes): the sandbox manager hands the gateway's paths to the
    /// Docker engine as bind sources, and the engine resolves them on the host. OPENCLAW_STATE_DIR tells the
    /// services where that is; without host directories (named volumes) the paths fall back to /home/node.
    /// </summary>
    public const string StateDirInContainer = "${OPENCLAW_CONFIG_DIR:-" + StateTarget + "}";

    public const string WorkspaceDirInContainer = "${OPENCLAW_WORKSPACE_DIR:-" + StateTarget + "/workspace}";

    private readonly ComposeExpressions _expressions = new(app);

    public YamlMap Build()
    {
        var services = new YamlMap { { DashboardService, Dashboard() } };
        foreach (var resource in app.Resources)
        {
            services.Add(resource.Name, resource.Kind is PublishedKind.Project ? Project(resource) : Container(resource));
        }

        var volumes = new YamlMap();
        foreach (var volume in app.Resources.SelectMany(r => r.Volumes))
        {
            volumes.Add(volume.Name, new YamlMap());
        }

        volumes.Add(StateVolume, new YamlMap());
        volumes.Add(WorkspaceVolume, new YamlMap());
        return new YamlMap { { "services", services }, { "volumes", volumes } };
    }

    private YamlMap Dashboard()
    {
        var service = Built(DashboardService);
        service.Add("environment", new YamlMap
        {
            { "ASPNETCORE_URLS", "http://0.0.0.0:18888" },
            { "ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL", "http://0.0.0.0:18889" },
            { "ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL", "http://0.0.0.0:18890" },
            { "DASHBOARD__FRONTEND__AUTHMODE", "BrowserToken" },
            { "DASHBOARD__FRONTEND__BROWSERTOKEN", "${DASHBOARD_BROWSER_TOKEN}" },
            // OTLP is only exposed on the Compose network, as in Aspire's Compose dashboard.
            { "DASHBOARD__OTLP__AUTHMODE", "Unsecured" },
        });
        service.Add("ports", new List<object> { "${OPENCLAW_PUBLISH_HOST:-127.0.0.1}:${OPENCLAW_DASHBOARD_PORT:-18888}:18888" });
        service.Add("expose", new List<object> { "18889", "18890" });
        service.Add("healthcheck", HttpHealthCheck("18888", "/health"));
        service.Add("restart", "unless-stopped");
        return service;
    }

    private YamlMap Project(PublishedResource resource)
    {
        var service = Built(resource.Name);
        var args = resource.Convention.ContainerArgs.Concat(resource.Args).ToList();
        if (args.Count > 0)
        {
            service.Add("command", args.Select(a => (object)ComposeExpressions.EscapeLiteral(a)).ToList());
        }

        var environment = new YamlMap();
        foreach (var (name, value) in resource.Env)
        {
            // https service-discovery URLs cannot work without certificates in the containers (aspire #8332).
            if (name.StartsWith("services__", StringComparison.Ordinal) && name.Contains("__https__", StringComparison.Ordinal))
            {
                continue;
            }

            environment.Add(name, _expressions.Resolve(value));
        }

        if (resource.Convention.MountsState)
        {
            environment.Add("OPENCLAW_STATE_DIR", StateDirInContainer);
        }

        environment.Add("OTEL_EXPORTER_OTLP_ENDPOINT", $"http://{DashboardService}:18889");
        environment.Add("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");
        environment.Add("OTEL_SERVICE_NAME", resource.Name);
        service.Add("environment", environment);

        var http = resource.Bindings.FirstOrDefault(b => b.Scheme is "http");
        if (http is not null)
        {
            var port = http.ContainerPort.ToString(CultureInfo.InvariantCulture);
            if (resource.Convention.HostPortVariable is { } hostPort)
            {
                service.Add("ports", new List<object>
                {
                    $"${{OPENCLAW_PUBLISH_HOST:-127.0.0.1}}:${{{hostPort}:-{resource.Convention.DefaultHostPort}}}:{port}",
                });
            }
            else
            {
                service.Add("expose", new List<object> { port });
            }
        }

        var volumes = new List<object>();
        if (resource.Convention.MountsState)
        {
            volumes.Add($"${{OPENCLAW_CONFIG_DIR:-{StateVolume}}}:{StateDirInContainer}");
        }

        if (resource.Convention.MountsWorkspace)
        {
            volumes.Add($"${{OPENCLAW_WORKSPACE_DIR:-{WorkspaceVolume}}}:{WorkspaceDirInContainer}");
        }

        if (resource.Convention.MountsDockerSocket)
        {
            volumes.Add("${OPENCLAW_DOCKER_SOCKET:-/var/run/docker.sock}:/var/run/docker.sock");
            service.Add("group_add", new List<object> { "${DOCKER_GID:-0}" });
        }

        if (volumes.Count > 0)
        {
            service.Add("volumes", volumes);
        }

        AddDependsOn(service, resource);
        if (resource.HealthCheckPath is { } path && http is not null)
        {
            service.Add("healthcheck", HttpHealthCheck("$${HTTP_PORTS}", path));
        }

        service.Add("restart", "unless-stopped");
        return service;
    }

    private YamlMap Container(PublishedResource resource)
    {
        var service = new YamlMap { { "image", resource.Image! } };
        if (resource.Entrypoint is { } entrypoint)
        {
            service.Add("entrypoint", new List<object> { entrypoint });
        }

        if (resource.Args.Count > 0)
        {
            service.Add("command", resource.Args.Select(a => (object)ComposeExpressions.EscapeLiteral(a)).ToList());
        }

        var environment = new YamlMap();
        foreach (var (name, value) in resource.Env)
        {
            environment.Add(name, _expressions.Resolve(value));
        }

        service.Add("environment", environment);
        service.Add("expose", resource.Bindings.Select(b => (object)b.ContainerPort.ToString(CultureInfo.InvariantCulture)).ToList());
        if (resource.Volumes.Count > 0)
        {
            service.Add("volumes", resource.Volumes.Select(v => (object)$"{v.Name}:{v.Target}{(v.ReadOnly ? ":ro" : "")}").ToList());
        }

        AddDependsOn(service, resource);
        if (resource.Image == PublishedAppFactory.RedisImage)
        {
            service.Add("healthcheck", HealthCheck("redis-cli -a \"$$REDIS_PASSWORD\" --no-auth-warning ping | grep -q PONG"));
        }

        service.Add("restart", "unless-stopped");
        return service;
    }

    /// <summary>image + build for a .NET project; the image name is overridable (<c>GATEWAY_IMAGE</c>) to deploy prebuilt images.</summary>
    private YamlMap Built(string serviceName)
    {
        var imageVariable = serviceName.ToUpperInvariant().Replace('-', '_') + "_IMAGE";
        return new YamlMap
        {
            { "image", $"${{{imageVariable}:-openclaw-{serviceName}:local}}" },
            { "build", new YamlMap
                {
                    { "context", $"${{OPENCLAW_SOURCE_DIR:-{layout.SourceDirectoryFromOutput}}}" },
                    { "dockerfile", $"{layout.OutputDirectoryFromSource}/{serviceName}.Dockerfile" },
                    { "args", new YamlMap
                        {
                            { "SDK_IMAGE", $"${{OPENCLAW_SDK_IMAGE:-{DockerfileWriter.SdkImage}}}" },
                            { "RUNTIME_IMAGE", $"${{OPENCLAW_RUNTIME_IMAGE:-{DockerfileWriter.RuntimeImage}}}" },
                            { "OPENCLAW_DOCKER_APT_PACKAGES", "${OPENCLAW_DOCKER_APT_PACKAGES:-}" },
                        }
                    },
                }
            },
        };
    }

    private void AddDependsOn(YamlMap service, PublishedResource resource)
    {
        var dependsOn = new YamlMap();
        foreach (var dependency in resource.WaitsFor)
        {
            dependsOn.Add(dependency, new YamlMap { { "condition", "service_healthy" } });
        }

        if (resource.Kind is PublishedKind.Project)
        {
            // Telemetry from the first second: the exporters retry, but the dashboard should be up first.
            dependsOn.Add(DashboardService, new YamlMap { { "condition", "service_healthy" } });
        }

        if (dependsOn.Count > 0)
        {
            service.Add("depends_on", dependsOn);
        }
    }

    /// <summary>An HTTP GET with bash's /dev/tcp: the aspnet and Debian images have bash but no curl.</summary>
    private static YamlMap HttpHealthCheck(string port, string path) => HealthCheck(
        $"exec 3<>/dev/tcp/127.0.0.1/{port} && printf 'GET {path} HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && grep -q '^HTTP/1.[01] 200' <&3",
        shell: "bash");

    private static YamlMap HealthCheck(string script, string shell = "sh") => new()
    {
        { "test", new List<object> { "CMD", shell, "-c", script } },
        { "interval", "5s" },
        { "timeout", "5s" },
        { "retries", 12 },
        { "start_period", "20s" },
    };
}

/// <summary>Where the generated files sit relative to the source tree (the Docker build context).</summary>
public sealed record ComposeLayout(string SourceDirectoryFromOutput, string OutputDirectoryFromSource);
