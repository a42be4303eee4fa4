using OpenClaw.AppHost.Hosting;

namespace OpenClaw.AppHost.Orchestration;

/// <summary>The live state of one resource: what the orchestrator changes and the dashboard reads.</summary>
public sealed class ResourceRuntime(Resource resource)
{
    private readonly Lock _lock = new();

    public Resource Resource { get; } = resource;

    public ConsoleLogBuffer Logs { get; } = new();

    public string State { get; private set; } = ResourceState.Waiting;

    public string? StateDescription { get; private set; }

    public string HealthStatus { get; set; } = "Unknown";

    public int? ExitCode { get; private set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? StoppedAt { get; set; }

    public IRunningResource? Running { get; set; }

    public int Restarts { get; set; }

    /// <summary>Set while a stop or restart was asked for, so the exit is not reported as a crash.</summary>
    public bool StopRequested { get; set; }

    /// <summary>The env the current instance was started with (for the dashboard's details view).</summary>
    public IReadOnlyDictionary<string, string> StartedEnvironment { get; set; } = new Dictionary<string, string>();

    /// <summary>Cancels the current instance's health loop and monitors.</summary>
    public CancellationTokenSource? InstanceLifetime { get; set; }

    public event Action<ResourceRuntime, string>? StateChanged;

    /// <summary>Changes the state; returns false when it was already in that state.</summary>
    public bool SetState(string state, string? description = null, int? exitCode = null)
    {
        lock (_lock)
        {
            if (State == state && StateDescription == description && ExitCode == exitCode)
            {
                return false;
            }

            var previous = State;
            State = state;
            StateDescription = description;
            ExitCode = exitCode;
            StateChanged?.Invoke(this, previous);
            return true;
        }
    }

    public ResourceSnapshot Snapshot() => new(
        Resource.Name,
        Resource.Type,
        State,
        StateDescription,
        HealthStatus,
        ExitCode,
        State is ResourceState.Starting or ResourceState.Running or ResourceState.Unhealthy or ResourceState.Stopping ? Running?.Pid : null,
        StartedAt,
        StoppedAt,
        Resource.Source,
        Resource.Args,
        Resource.Endpoints.Select(e => new ResourceUrl(e.Name, e.Url)).ToList(),
        StartedEnvironment.OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => new EnvironmentVariable(pair.Key, pair.Value, Secrets.IsSecretName(pair.Key)))
            .ToList(),
        Resource.WaitsFor.Select(r => r.Name).ToList(),
        Resource.References.Select(r => r.Name).ToList(),
        Restarts);
}
