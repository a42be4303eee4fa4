namespace OpenClaw.Gateway.Tools.Execution;

/// <summary>Runs tools on the gateway host, every path confined to the agent workspace.</summary>
public sealed class HostExecutionBackend : IToolExecutionBackend
{
    /// <summary>Bash when the host has it (the tool is also known as <c>bash</c>), else POSIX sh.</summary>
    private static readonly string Shell = File.Exists("/bin/bash") ? "/bin/bash" : "/bin/sh";

    public string Kind => "host";

    public void EnsurePathAllowed(ToolContext context, string path) => WorkspacePath.Resolve(context.WorkspaceDir, path);

    public async Task<byte[]> ReadFileAsync(ToolContext context, string path, CancellationToken cancellationToken)
    {
        var full = WorkspacePath.Resolve(context.WorkspaceDir, path);
        if (Directory.Exists(full))
        {
            throw new ToolException($"'{path}' is a directory; use ls to list it or read a file inside it.");
        }

        if (!File.Exists(full))
        {
            throw new ToolException($"File not found: {path}");
        }

        return await File.ReadAllBytesAsync(full, cancellationToken).ConfigureAwait(false);
    }

    public Task<bool> FileExistsAsync(ToolContext context, string path, CancellationToken cancellationToken) =>
        Task.FromResult(File.Exists(WorkspacePath.Resolve(context.WorkspaceDir, path)));

    public async Task WriteFileAsync(ToolContext context, string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var full = WorkspacePath.Resolve(context.WorkspaceDir, path);
        if (Directory.Exists(full))
        {
            throw new ToolException($"'{path}' is a directory; give a file path.");
        }

        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);

        // Temp file + rename: readers never see a half-written file.
        var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllBytesAsync(temp, content.ToArray(), cancellationToken).ConfigureAwait(false);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    public Task DeleteFileAsync(ToolContext context, string path, CancellationToken cancellationToken)
    {
        var full = WorkspacePath.Resolve(context.WorkspaceDir, path);
        if (!File.Exists(full))
        {
            throw new ToolException($"File not found: {path}");
        }

        File.Delete(full);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ToolDirectoryEntry>> ListDirectoryAsync(ToolContext context, string path, CancellationToken cancellationToken)
    {
        var full = WorkspacePath.Resolve(context.WorkspaceDir, path);
        if (!Directory.Exists(full))
        {
            throw new ToolException(File.Exists(full) ? $"'{path}' is a file, not a directory." : $"Directory not found: {path}");
        }

        IReadOnlyList<ToolDirectoryEntry> entries = [.. new DirectoryInfo(full).EnumerateFileSystemInfos()
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .Select(e => new ToolDirectoryEntry(
                e.Name,
                e is DirectoryInfo,
                e is FileInfo file && e.LinkTarget is null ? file.Length : 0,
                e.LastWriteTimeUtc,
                e.LinkTarget is not null))];
        return Task.FromResult(entries);
    }

    public Task<IToolProcess> StartProcessAsync(ToolContext context, ToolProcessSpec spec, CancellationToken cancellationToken)
    {
        var workdir = WorkspacePath.Resolve(context.WorkspaceDir, spec.WorkingDirectory);
        if (!Directory.Exists(workdir))
        {
            throw new ToolException($"Working directory not found: {spec.WorkingDirectory}");
        }

        foreach (var key in spec.Environment.Keys)
        {
            if (key.Equals("PATH", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("LD_", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("DYLD_", StringComparison.OrdinalIgnoreCase))
            {
                throw new ToolException(
                    $"Security violation: the environment variable '{key}' may not be overridden for host execution. " +
                    "Remove it from env, or run the command in the sandbox.");
            }
        }

        var environment = new Dictionary<string, string>(spec.Environment, StringComparer.Ordinal)
        {
            ["OPENCLAW_SHELL"] = "exec",
        };
        IToolProcess process = HostProcess.Start(Shell, spec.Command, workdir, environment, maxOutputChars: 1_000_000);
        return Task.FromResult(process);
    }
}
