namespace OpenClaw.AppHost.Orchestration;

/// <summary>Aspire's known resource states (KnownResourceStates), plus Disabled for skipped resources.</summary>
public static class ResourceState
{
    public const string Waiting = "Waiting";
    public const string Starting = "Starting";
    public const string Running = "Running";
    public const string Unhealthy = "Unhealthy";
    public const string Stopping = "Stopping";
    public const string Exited = "Exited";
    public const string FailedToStart = "FailedToStart";
    public const string Disabled = "Disabled";

    public static bool IsTerminal(string state) => state is Exited or FailedToStart or Disabled;
}

/// <summary>What the resource service reports for one resource.</summary>
public sealed record ResourceSnapshot(
    string Name,
    string Type,
    string State,
    string? StateDescription,
    string HealthStatus,
    int? ExitCode,
    int? Pid,
    DateTimeOffset? StartedAt,
    DateTimeOffset? StoppedAt,
    string Source,
    IReadOnlyList<string> Args,
    IReadOnlyList<ResourceUrl> Urls,
    IReadOnlyList<EnvironmentVariable> Environment,
    IReadOnlyList<string> WaitFor,
    IReadOnlyList<string> References,
    int Restarts);

public sealed record ResourceUrl(string Name, string Url);

public sealed record EnvironmentVariable(string Name, string Value, bool IsSecret);

public sealed record ConsoleLine(long Number, DateTimeOffset Timestamp, string Text, bool IsError);
