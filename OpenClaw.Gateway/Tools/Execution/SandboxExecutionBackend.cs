using System.Globalization;
using System.Text;
using OpenClaw.Contracts.Sandbox;
using OpenClaw.Gateway.Sandbox;

namespace OpenClaw.Gateway.Tools.Execution;

/// <summary>
/// Runs exec and file tools in the session's sandbox container through the SandboxManager (requests over Redis).
/// Paths are container paths: relative ones resolve against the sandbox workdir (<c>/workspace</c>), and nothing
/// may leave it (the manager enforces the same rule; checking here lets a patch be refused before any write).
/// </summary>
public sealed class SandboxExecutionBackend(ISandboxClient client, SandboxResolver resolver) : ISandboxExecutionBackend
{
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".gif", ".webp"];

    public string Kind => "sandbox";

    public void EnsurePathAllowed(ToolContext context, string path) => ContainerPath(Sandbox(context), path);

    public async Task<byte[]> ReadFileAsync(ToolContext context, string path, CancellationToken cancellationToken)
    {
        var sandbox = Sandbox(context);
        if (ImageExtensions.Contains(System.IO.Path.GetExtension(path).ToLowerInvariant()))
        {
            // The manager's read answers text; images come back base64-encoded through exec so they stay intact.
            var target = ContainerPath(sandbox, path);
            var encoded = await CallAsync(() => client.ExecAsync(
                new ExecRequest { Spec = sandbox.Spec, Command = $"test -f {Quote(target)} || exit 3; base64 -w0 -- {Quote(target)}", TimeoutSeconds = 30, MaxOutputBytes = 20_000_000 },
                cancellationToken)).ConfigureAwait(false);
            if (encoded.ExitCode != 0)
            {
                throw new ToolException($"File not found: {path}");
            }

            return Convert.FromBase64String(encoded.Stdout.Trim());
        }

        var result = await CallAsync(() => client.ReadFileAsync(new ReadFileRequest { Spec = sandbox.Spec, Path = path }, cancellationToken)).ConfigureAwait(false);
        return Encoding.UTF8.GetBytes(result.Content);
    }

    public async Task<bool> FileExistsAsync(ToolContext context, string path, CancellationToken cancellationToken)
    {
        var sandbox = Sandbox(context);
        var target = ContainerPath(sandbox, path);
        var result = await CallAsync(() => client.ExecAsync(
            new ExecRequest { Spec = sandbox.Spec, Command = $"test -f {Quote(target)}", TimeoutSeconds = 30 },
            cancellationToken)).ConfigureAwait(false);
        return result.ExitCode == 0;
    }

    public async Task WriteFileAsync(ToolContext context, string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var sandbox = Sandbox(context);
        if (!sandbox.WritesAllowed)
        {
            throw new ToolException($"{path}: the sandbox workspace is read-only (workspaceAccess \"ro\"); write, edit and apply_patch are disabled.");
        }

        await CallAsync(() => client.WriteFileAsync(
            new WriteFileRequest { Spec = sandbox.Spec, Path = path, Content = Encoding.UTF8.GetString(content.Span) },
            cancellationToken)).ConfigureAwait(false);
    }

    public async Task DeleteFileAsync(ToolContext context, string path, CancellationToken cancellationToken)
    {
        var sandbox = Sandbox(context);
        var target = ContainerPath(sandbox, path);
        var result = await CallAsync(() => client.ExecAsync(
            new ExecRequest { Spec = sandbox.Spec, Command = $"test -f {Quote(target)} && rm -f -- {Quote(target)}", TimeoutSeconds = 30 },
            cancellationToken)).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new ToolException($"File not found: {path}");
        }
    }

    public async Task<IReadOnlyList<ToolDirectoryEntry>> ListDirectoryAsync(ToolContext context, string path, CancellationToken cancellationToken)
    {
        var sandbox = Sandbox(context);
        var target = ContainerPath(sandbox, path);
        var result = await CallAsync(() => client.ExecAsync(
            new ExecRequest
            {
                Spec = sandbox.Spec,
                Command = $"test -d {Quote(target)} || exit 3; find {Quote(target)} -mindepth 1 -maxdepth 1 -printf '%y\\t%s\\t%T@\\t%f\\n'",
                TimeoutSeconds = 30,
            },
            cancellationToken)).ConfigureAwait(false);
        if (result.ExitCode == 3)
        {
            throw new ToolException($"Directory not found: {path}");
        }

        if (result.ExitCode != 0)
        {
            throw new ToolException($"ls {path} failed in the sandbox: {result.Stderr.Trim()}");
        }

        return [.. result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t', 4))
            .Where(parts => parts.Length == 4)
            .Select(parts => new ToolDirectoryEntry(
                parts[3],
                parts[0] == "d",
                long.TryParse(parts[1], CultureInfo.InvariantCulture, out var size) ? size : 0,
                double.TryParse(parts[2], CultureInfo.InvariantCulture, out var seconds) ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000)) : default,
                parts[0] == "l"))
            .OrderBy(e => e.Name, StringComparer.Ordinal)];
    }

    public Task<IToolProcess> StartProcessAsync(ToolContext context, ToolProcessSpec spec, CancellationToken cancellationToken)
    {
        var sandbox = Sandbox(context);
        var workdir = spec.WorkingDirectory is null ? sandbox.ContainerWorkdir : ContainerPath(sandbox, spec.WorkingDirectory);
        var request = new ExecRequest
        {
            Spec = sandbox.Spec,
            Command = spec.Command,
            Workdir = workdir,
            Env = new Dictionary<string, string>(spec.Environment) { ["OPENCLAW_SHELL"] = "exec" },
            TimeoutSeconds = (int)Math.Ceiling((spec.Timeout ?? TimeSpan.FromSeconds(1800)).TotalSeconds),
        };
        IToolProcess process = new SandboxProcess(client, request, workdir);
        return Task.FromResult(process);
    }

    private SandboxContext Sandbox(ToolContext context)
    {
        try
        {
            return resolver.Resolve(context.AgentId, context.SessionKey)
                ?? throw new ToolException(
                    $"Session {context.SessionKey} is marked sandboxed but agents.defaults.sandbox.mode does not sandbox it; check the sandbox config.");
        }
        catch (SandboxConfigException ex)
        {
            throw new ToolException($"Sandbox config error: {ex.Message}");
        }
    }

    private static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (SandboxException ex) when (ex.Code == SandboxErrorCodes.PathOutsideWorkspace)
        {
            throw new WorkspaceEscapeException($"Path escapes the workspace: {ex.Message}");
        }
        catch (SandboxException ex) when (ex.Code == SandboxErrorCodes.NotFound)
        {
            throw new ToolException($"File not found: {ex.Message}");
        }
        catch (SandboxException ex)
        {
            throw new ToolException($"Sandbox error ({ex.Code}): {ex.Message}");
        }
    }

    /// <summary>The container path for a tool path, refused when it leaves the workdir (or /agent for reads).</summary>
    internal static string ContainerPath(SandboxContext sandbox, string path)
    {
        var root = Normalize(sandbox.ContainerWorkdir);
        var requested = string.IsNullOrWhiteSpace(path) ? "." : path.Trim();
        var full = Normalize(requested.StartsWith('/') ? requested : $"{root}/{requested}");
        var inside = full == root || full.StartsWith(root + "/", StringComparison.Ordinal)
            || full == SandboxDefaults.AgentMountPath || full.StartsWith(SandboxDefaults.AgentMountPath + "/", StringComparison.Ordinal);
        if (!inside || RawEscapes(requested))
        {
            throw new WorkspaceEscapeException(
                $"Path escapes the workspace: '{path}' resolves to '{full}', outside the sandbox workspace '{root}'. Use a path inside the workspace.");
        }

        return full;
    }

    private static bool RawEscapes(string path)
    {
        if (path.StartsWith('/'))
        {
            return false;
        }

        var depth = 0;
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            depth += part switch { ".." => -1, "." => 0, _ => 1 };
            if (depth < 0)
            {
                return true;
            }
        }

        return false;
    }

    private static string Normalize(string absolute)
    {
        var parts = new List<string>();
        foreach (var part in absolute.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (part != ".")
            {
                parts.Add(part);
            }
        }

        return "/" + string.Join('/', parts);
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
