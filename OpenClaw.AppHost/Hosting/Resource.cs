namespace OpenClaw.AppHost.Hosting;

/// <summary>
/// One thing the AppHost runs: a .NET project, an executable or a container. Like Aspire's resource
/// model, it is a bag of annotations (args, env, endpoints, health check, wait-for) that the
/// orchestrator turns into a running process.
/// </summary>
public abstract class Resource(string name)
{
    public string Name { get; } = name;

    /// <summary>Aspire's resource type names: Project, Executable, Container.</summary>
    public abstract string Type { get; }

    /// <summary>What the dashboard shows as the source: a project path or an image.</summary>
    public abstract string Source { get; }

    public List<string> Args { get; } = [];

    /// <summary>Env vars resolved when the resource starts, so they see allocated ports.</summary>
    public Dictionary<string, Func<string>> Environment { get; } = new(StringComparer.Ordinal);

    public List<Endpoint> Endpoints { get; } = [];

    public List<Resource> WaitsFor { get; } = [];

    public List<Resource> References { get; } = [];

    /// <summary>The HTTP path polled until it answers 200 (Aspire's WithHttpHealthCheck).</summary>
    public string? HealthCheckPath { get; set; }

    /// <summary>When set, the resource is not started and the dashboard shows this reason.</summary>
    public string? DisabledReason { get; set; }

    /// <summary>Whether the orchestrator injects the dashboard's OTEL_* variables.</summary>
    public bool ExportsTelemetry { get; set; } = true;

    public Endpoint? HttpEndpoint => Endpoints.FirstOrDefault(e => e.Scheme is "http");

    public Dictionary<string, string> ResolveEnvironment() =>
        Environment.ToDictionary(pair => pair.Key, pair => pair.Value(), StringComparer.Ordinal);
}

/// <summary>A named endpoint with a port allocated before anything starts.</summary>
public sealed record Endpoint(string Name, string Scheme, int Port)
{
    public string Url => $"{Scheme}://127.0.0.1:{Port}";
}

/// <summary>A resource others can reference through <c>ConnectionStrings__{name}</c>.</summary>
public interface IResourceWithConnectionString
{
    string Name { get; }

    string ConnectionString { get; }
}
