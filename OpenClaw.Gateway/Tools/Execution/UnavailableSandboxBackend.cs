namespace OpenClaw.Gateway.Tools.Execution;

/// <summary>
/// Stands in when the gateway has no sandbox client: a sandboxed session's exec and file tools are refused with a
/// clear error rather than silently run on the host.
/// </summary>
internal sealed class UnavailableSandboxBackend : ISandboxExecutionBackend
{
    public static UnavailableSandboxBackend Instance { get; } = new();

    public string Kind => "sandbox";

    public void EnsurePathAllowed(ToolContext context, string path) => throw Unavailable();

    public Task<byte[]> ReadFileAsync(ToolContext context, string path, CancellationToken cancellationToken) => throw Unavailable();

    public Task<bool> FileExistsAsync(ToolContext context, string path, CancellationToken cancellationToken) => throw Unavailable();

    public Task WriteFileAsync(ToolContext context, string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) => throw Unavailable();

    public Task DeleteFileAsync(ToolContext context, string path, CancellationToken cancellationToken) => throw Unavailable();

    public Task<IReadOnlyList<ToolDirectoryEntry>> ListDirectoryAsync(ToolContext context, string path, CancellationToken cancellationToken) => throw Unavailable();

    public Task<IToolProcess> StartProcessAsync(ToolContext context, ToolProcessSpec spec, CancellationToken cancellationToken) => throw Unavailable();

    private static ToolException Unavailable() => new(
        "This session is sandboxed but this gateway has no sandbox runtime (the SandboxManager client is not configured). " +
        "Start OpenClaw.SandboxManager with Docker, or set agents.defaults.sandbox.mode to \"off\".");
}
