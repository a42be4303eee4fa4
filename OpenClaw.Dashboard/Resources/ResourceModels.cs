namespace OpenClaw.Dashboard.Resources;

/// <summary>A resource as the AppHost's resource service reports it.</summary>
public sealed record ResourceInfo(
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
    IReadOnlyList<ResourceEnvironmentVariable> Environment,
    IReadOnlyList<string> WaitFor,
    IReadOnlyList<string> References,
    int Restarts);

public sealed record ResourceUrl(string Name, string Url);

public sealed record ResourceEnvironmentVariable(string Name, string Value, bool IsSecret);

public sealed record ConsoleLine(long Number, DateTimeOffset Timestamp, string Text, bool IsError);
