namespace OpenClaw.Gateway.Tools.Execution;

/// <summary>
/// Where exec and file tools do their work: on the host inside the agent workspace, or in the session's sandbox
/// container through the SandboxManager. <see cref="ToolExecutionRouter"/> picks one per call; tools never decide.
/// Paths are the tool's own (relative to the workspace, or absolute inside it); failures throw <see cref="ToolException"/>.
/// </summary>
public interface IToolExecutionBackend
{
    /// <summary><c>host</c> or <c>sandbox</c>, reported in tool details.</summary>
    string Kind { get; }

    /// <summary>Throws <see cref="WorkspaceEscapeException"/> when the path leaves the workspace; used to check a whole patch before writing.</summary>
    void EnsurePathAllowed(ToolContext context, string path);

    /// <summary>The file's bytes; throws when it does not exist or is a directory.</summary>
    Task<byte[]> ReadFileAsync(ToolContext context, string path, CancellationToken cancellationToken);

    Task<bool> FileExistsAsync(ToolContext context, string path, CancellationToken cancellationToken);

    /// <summary>Writes atomically, creating parent directories.</summary>
    Task WriteFileAsync(ToolContext context, string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    Task DeleteFileAsync(ToolContext context, string path, CancellationToken cancellationToken);

    Task<IReadOnlyList<ToolDirectoryEntry>> ListDirectoryAsync(ToolContext context, string path, CancellationToken cancellationToken);

    /// <summary>Starts a shell command; the returned process keeps running until it exits or is killed.</summary>
    Task<IToolProcess> StartProcessAsync(ToolContext context, ToolProcessSpec spec, CancellationToken cancellationToken);
}

public sealed record ToolDirectoryEntry(string Name, bool IsDirectory, long Size, DateTimeOffset ModifiedAt, bool IsSymlink = false);

public sealed record ToolProcessSpec(string Command, string? WorkingDirectory, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>When the backend itself must stop the command (the sandbox); the host kills on the gateway's timer.</summary>
    public TimeSpan? Timeout { get; init; }
}

/// <summary>A running shell command. Output of stdout and stderr is merged in arrival order.</summary>
public interface IToolProcess : IAsyncDisposable
{
    int? Pid { get; }

    /// <summary>The working directory as the tool reports it.</summary>
    string WorkingDirectory { get; }

    ProcessOutput Output { get; }

    /// <summary>Completes with the exit code (or -signal) once the process and its output are done.</summary>
    Task<int> Exited { get; }

    /// <summary>True when the backend itself stopped the command at its timeout (the sandbox does; the host leaves it to the gateway).</summary>
    bool TimedOut => false;

    Task WriteInputAsync(string data, bool closeInput, CancellationToken cancellationToken);

    /// <summary>Kills the command and everything it started (the whole process group).</summary>
    Task KillAsync();
}
