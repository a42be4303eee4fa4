namespace OpenClaw.AppHost.Publishing;

/// <summary>
/// The app model as a deployment sees it: every run-time value (allocated ports, generated passwords,
/// the gateway token, loopback URLs) replaced by an Aspire manifest expression such as
/// <c>{redis.connectionString}</c> or <c>{openclaw-gateway-token.value}</c>. The manifest writer prints
/// these expressions as they are; the Compose writer resolves them to service names and <c>${VARS}</c>.
/// </summary>
public sealed record PublishedApp(IReadOnlyList<PublishedResource> Resources, IReadOnlyList<PublishedParameter> Parameters)
{
    public PublishedResource? Find(string name) =>
        Resources.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));
}

public enum PublishedKind
{
    Project,
    Container,
}

/// <param name="ProjectPath">Absolute .csproj path (projects only).</param>
/// <param name="Env">Ordered env vars; values are literals mixed with manifest expressions.</param>
public sealed record PublishedResource(
    string Name,
    PublishedKind Kind,
    string? ProjectPath,
    string? Image,
    string? Entrypoint,
    IReadOnlyList<string> Args,
    IReadOnlyList<KeyValuePair<string, string>> Env,
    IReadOnlyList<PublishedBinding> Bindings,
    string? ConnectionString,
    IReadOnlyList<PublishedVolume> Volumes,
    string? HealthCheckPath,
    IReadOnlyList<string> WaitsFor,
    ServiceConvention Convention)
{
    public string? ProjectName => ProjectPath is null ? null : Path.GetFileNameWithoutExtension(ProjectPath);
}

/// <param name="TargetPort">The port the workload listens on; null for a project's default http endpoint (8080 in containers).</param>
public sealed record PublishedBinding(string Name, string Scheme, string Transport, int? TargetPort, bool External)
{
    /// <summary>Aspire's default for a project's http endpoint when no target port is given.</summary>
    public const int DefaultProjectPort = 8080;

    public int ContainerPort => TargetPort ?? DefaultProjectPort;
}

public sealed record PublishedVolume(string Name, string Target, bool ReadOnly);

/// <summary>A parameter.v0: secret values the deployment supplies (Compose: a key in .env).</summary>
public sealed record PublishedParameter(string Name, bool Secret, int MinLength, bool Special, string Description)
{
    /// <summary>Aspire's Compose naming: upper case, '-' becomes '_' (<c>redis-password</c> → <c>REDIS_PASSWORD</c>).</summary>
    public string EnvName => Name.ToUpperInvariant().Replace('-', '_');
}
