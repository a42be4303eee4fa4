using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace OpenClaw.AppHost.Hosting;

/// <summary>
/// Collects the app model, like Aspire's <c>DistributedApplication.CreateBuilder(args)</c>. Ports are
/// allocated as resources are added, so references can be resolved before anything starts.
/// </summary>
public sealed class DistributedApplicationBuilder
{
    private readonly List<Resource> _resources = [];

    private DistributedApplicationBuilder(string[] args)
    {
        Args = args;
        Configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
        AppHostDirectory = ReadMetadata("AppHostDirectory") ?? System.Environment.CurrentDirectory;
        BuildConfiguration = ReadMetadata("BuildConfiguration") ?? "Debug";
        UserConfig = OpenClawUserConfig.Load();
        Dashboard = new DashboardResource(
            Path.GetFullPath(Path.Combine(AppHostDirectory, "..", "OpenClaw.Dashboard", "OpenClaw.Dashboard.csproj")), Configuration);
        _resources.Add(Dashboard);
    }

    public string[] Args { get; }

    public IConfiguration Configuration { get; }

    /// <summary>Project paths in the model are relative to this folder, as in Aspire.</summary>
    public string AppHostDirectory { get; }

    /// <summary>The configuration (Debug/Release) the AppHost was built with; projects use the same.</summary>
    public string BuildConfiguration { get; }

    public OpenClawUserConfig UserConfig { get; }

    public DashboardResource Dashboard { get; }

    public IReadOnlyList<Resource> Resources => _resources;

    /// <summary>URLs printed after the dashboard login line, e.g. the Control UI with its token.</summary>
    public List<(string Label, string Url)> AnnouncedUrls { get; } = [];

    public static DistributedApplicationBuilder CreateBuilder(string[] args) => new(args);

    public ResourceBuilder<ProjectResource> AddProject(string name, string projectPath)
    {
        var fullPath = Path.GetFullPath(Path.Combine(AppHostDirectory, projectPath));
        if (Directory.Exists(fullPath))
        {
            fullPath = Path.Combine(fullPath, Path.GetFileName(fullPath) + ".csproj");
        }

        return AddResource(new ProjectResource(name, fullPath)).WithHttpEndpoint();
    }

    /// <summary>
    /// Redis as the redis-server on PATH, or as a container when <c>--redis container</c> is given
    /// (or redis-server is missing and Docker answers). Image: <c>--redis-image</c>.
    /// </summary>
    public ResourceBuilder<RedisResource> AddRedis(string name)
    {
        var redis = new RedisResource(name, FreePort.Next(), Secrets.NewToken(16))
        {
            Mode = Enum.TryParse<RedisMode>(Configuration["redis"], ignoreCase: true, out var mode) ? mode : RedisMode.Auto,
            Image = Configuration["redis-image"] ?? RedisResource.DefaultImage,
            ExportsTelemetry = false,
        };
        redis.Endpoints.Add(new Endpoint("tcp", "tcp", redis.Port));
        return AddResource(redis);
    }

    public ResourceBuilder<T> AddResource<T>(T resource)
        where T : Resource
    {
        if (_resources.Any(r => string.Equals(r.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"A resource named '{resource.Name}' is already in the app model.");
        }

        _resources.Add(resource);
        return new ResourceBuilder<T>(this, resource);
    }

    public DistributedApplication Build() => new(this);

    private static string? ReadMetadata(string key) =>
        typeof(DistributedApplicationBuilder).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == key)?.Value;
}
