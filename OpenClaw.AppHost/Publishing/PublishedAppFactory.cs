using System.Globalization;
using OpenClaw.AppHost.Hosting;

namespace OpenClaw.AppHost.Publishing;

/// <summary>
/// Turns the app model the AppHost runs into its deployment shape. The run-mode model holds resolved
/// values (env callbacks that return loopback URLs, allocated ports, generated secrets); each one is
/// traced back to what it stands for, so the output never contains a port, password or token of
/// this machine. The dashboard is not a resource of a deployment (Aspire leaves it out of the
/// manifest; the Compose publisher adds its own).
/// </summary>
public static class PublishedAppFactory
{
    public const string RedisImage = RedisResource.DefaultImage;

    public static PublishedApp Create(DistributedApplicationBuilder model)
    {
        var parameters = new List<PublishedParameter>();
        var resources = new List<PublishedResource>();
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        var replacements = Replacements(model, secrets);

        foreach (var resource in model.Resources)
        {
            switch (resource)
            {
                case DashboardResource:
                    continue;
                case RedisResource redis:
                    resources.Add(Redis(redis, parameters));
                    break;
                case ProjectResource project:
                    resources.Add(Project(project, replacements, secrets, parameters));
                    break;
                default:
                    throw new InvalidOperationException($"Resource '{resource.Name}' ({resource.Type}) cannot be published: only projects and Redis are supported.");
            }
        }

        // Aspire writes referenced parameters after the resources, in the order they were first used.
        return new PublishedApp(resources, parameters);
    }

    private static PublishedResource Redis(RedisResource redis, List<PublishedParameter> parameters)
    {
        var password = Parameter(parameters, $"{redis.Name}-password", minLength: 22, $"Password of {redis.Name} (StackExchange.Redis cannot parse commas, so no special characters)");
        return new PublishedResource(
            redis.Name,
            PublishedKind.Container,
            ProjectPath: null,
            Image: RedisImage,
            Entrypoint: "/bin/sh",
            // Append-only file: a Redis restart loses no queued message (the streams are the queues).
            Args: ["-c", "redis-server --requirepass \"$REDIS_PASSWORD\" --appendonly yes"],
            Env: [new("REDIS_PASSWORD", $"{{{password.Name}.value}}")],
            Bindings: [new PublishedBinding("tcp", "tcp", "tcp", 6379, External: false)],
            ConnectionString: $"{{{redis.Name}.bindings.tcp.host}}:{{{redis.Name}.bindings.tcp.port}},password={{{password.Name}.value}}",
            Volumes: [new PublishedVolume($"{redis.Name}-data", "/data", ReadOnly: false)],
            HealthCheckPath: null,
            WaitsFor: [],
            Convention: ServiceConvention.Internal);
    }

    private static PublishedResource Project(
        ProjectResource project,
        IReadOnlyList<(string Literal, string Expression)> replacements,
        Dictionary<string, string> secrets,
        List<PublishedParameter> parameters)
    {
        var convention = ServiceConvention.ForProject(project.ProjectName);
        var http = project.HttpEndpoint;
        var env = new List<KeyValuePair<string, string>>
        {
            // What Aspire's publish mode gives every .NET project.
            new("OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EXCEPTION_LOG_ATTRIBUTES", "true"),
            new("OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EVENT_LOG_ATTRIBUTES", "true"),
            new("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", "in_memory"),
            new("ASPNETCORE_FORWARDEDHEADERS_ENABLED", "true"),
        };
        if (http is not null)
        {
            env.Add(new("HTTP_PORTS", $"{{{project.Name}.bindings.{http.Name}.targetPort}}"));
        }

        foreach (var (name, value) in project.ResolveEnvironment())
        {
            if (name is "ASPNETCORE_URLS")
            {
                continue; // run mode only: loopback URLs on allocated ports; HTTP_PORTS replaces it.
            }

            env.Add(new(name, Publish(name, value, replacements, secrets, parameters)));
        }

        return new PublishedResource(
            project.Name,
            PublishedKind.Project,
            project.ProjectFile,
            Image: null,
            Entrypoint: null,
            Args: [.. project.Args],
            Env: env,
            Bindings: [.. project.Endpoints.Select(e => new PublishedBinding(e.Name, e.Scheme, "http", TargetPort: null, convention.External))],
            ConnectionString: null,
            Volumes: [],
            HealthCheckPath: project.HealthCheckPath,
            WaitsFor: [.. project.WaitsFor.Select(r => r.Name)],
            Convention: convention);
    }

    /// <summary>One env value as an expression: known run-time values become references, secrets become parameters.</summary>
    private static string Publish(
        string name,
        string value,
        IReadOnlyList<(string Literal, string Expression)> replacements,
        Dictionary<string, string> secrets,
        List<PublishedParameter> parameters)
    {
        foreach (var (literal, expression) in replacements)
        {
            if (value == literal)
            {
                return expression;
            }
        }

        if (secrets.TryGetValue(value, out var known))
        {
            return known;
        }

        if (Secrets.IsSecretName(name) && value.Length > 0)
        {
            var parameter = Parameter(parameters, name.ToLowerInvariant().Replace('_', '-'), minLength: 32, $"Secret {name}");
            secrets[value] = $"{{{parameter.Name}.value}}";
            return secrets[value];
        }

        var published = value;
        foreach (var (literal, expression) in replacements.Where(r => r.Literal.Contains("://", StringComparison.Ordinal)))
        {
            published = published.Replace(literal, expression, StringComparison.Ordinal);
        }

        return published;
    }

    /// <summary>Run-time values of this machine and the expressions they stand for, longest first.</summary>
    private static List<(string Literal, string Expression)> Replacements(DistributedApplicationBuilder model, Dictionary<string, string> secrets)
    {
        var replacements = new List<(string Literal, string Expression)>();
        foreach (var resource in model.Resources.Where(r => r is not DashboardResource))
        {
            if (resource is IResourceWithConnectionString withConnectionString)
            {
                replacements.Add((withConnectionString.ConnectionString, $"{{{resource.Name}.connectionString}}"));
            }

            foreach (var endpoint in resource.Endpoints)
            {
                replacements.Add((endpoint.Url, $"{{{resource.Name}.bindings.{endpoint.Name}.url}}"));
                replacements.Add((endpoint.Port.ToString(CultureInfo.InvariantCulture), $"{{{resource.Name}.bindings.{endpoint.Name}.targetPort}}"));
            }

            if (resource is RedisResource redis)
            {
                secrets[redis.Password] = $"{{{resource.Name}-password.value}}";
            }
        }

        return [.. replacements.OrderByDescending(r => r.Literal.Length)];
    }

    private static PublishedParameter Parameter(List<PublishedParameter> parameters, string name, int minLength, string description)
    {
        if (parameters.FirstOrDefault(p => p.Name == name) is { } existing)
        {
            return existing;
        }

        var parameter = new PublishedParameter(name, Secret: true, minLength, Special: false, description);
        parameters.Add(parameter);
        return parameter;
    }
}
