using System.Diagnostics;
using System.Globalization;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace OpenClaw.SandboxManager.Docker;

/// <summary>
/// Runs a process in a container through the Engine API exec endpoints: stdin, env, workdir, a timeout that kills the
/// whole process tree, and output bounded per stream with a truncation marker.
/// </summary>
public sealed class SandboxExec(IDockerClient docker, WarmRunnerPool runners)
{
    // The wrapper reports its pid first so a timeout can kill exactly this command's process tree,
    // not other commands running in the same container.
    private const string PidMarker = "openclaw-exec-pid:";
    private const string Wrapper = "printf '" + PidMarker + "%s\\n' \"$$\" >&2; exec \"$@\"";

    // Stop first so the process cannot fork new children while its tree is walked.
    private const string KillTree =
        "k(){ kill -STOP \"$1\" 2>/dev/null; for c in $(cat /proc/\"$1\"/task/*/children 2>/dev/null); do k \"$c\"; done; kill -KILL \"$1\" 2>/dev/null; }; k \"$0\"";

    public async Task<ExecOutcome> RunAsync(string containerId, ExecCommand command, CancellationToken cancellationToken)
    {
        if (command.Warm && await runners.AcquireAsync(containerId, command.User, cancellationToken) is { } runner)
        {
            try
            {
                return await runner.RunAsync(command, cancellationToken);
            }
            catch (WarmRunnerException ex) when (!ex.CommandStarted)
            {
                // The session was already dead (its container stopped or was removed): a plain exec reports that properly.
            }
            catch (WarmRunnerException ex)
            {
                throw new SandboxFailure(OpenClaw.Contracts.Sandbox.SandboxErrorCodes.Internal, ex.Message);
            }
            finally
            {
                runners.Return(containerId, command.User, runner);
            }
        }

        return await RunPlainAsync(containerId, command, cancellationToken);
    }

    /// <summary>One Engine API exec per command (images without perl, or when every warm runner is busy).</summary>
    public async Task<ExecOutcome> RunPlainAsync(string containerId, ExecCommand command, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var create = new ContainerExecCreateParameters
        {
            Cmd = ["/bin/sh", "-c", Wrapper, "openclaw-exec", .. command.Argv],
            AttachStdin = command.Stdin is not null,
            AttachStdout = true,
            AttachStderr = true,
            Tty = false,
            Env = command.Env is null ? null : [.. command.Env.Select(e => $"{e.Key}={e.Value}")],
            WorkingDir = command.Workdir,
            User = command.User,
        };
        var exec = await docker.Exec.ExecCreateContainerAsync(containerId, create, cancellationToken);
        using var stream = await docker.Exec.StartAndAttachContainerExecAsync(exec.ID, tty: false, cancellationToken);

        var stdout = new BoundedBuffer(command.MaxOutputBytes);
        var stderr = new BoundedBuffer(command.MaxOutputBytes);
        var pid = new PidReader();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(command.Timeout);

        var pump = PumpAsync(stream, command.Stdin, stdout, stderr, pid, timeout.Token);
        var timedOut = false;
        try
        {
            await pump;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            timedOut = true;
        }
        catch (OperationCanceledException)
        {
            await KillAsync(containerId, pid.Pid, command.User);
            throw;
        }

        if (timedOut)
        {
            await KillAsync(containerId, pid.Pid, command.User);
        }

        var exitCode = await ExitCodeAsync(exec.ID, timedOut);
        return new ExecOutcome(
            exitCode,
            stdout.Bytes(),
            stdout.Text(),
            stderr.Text(),
            timedOut,
            stdout.Overflow > 0 || stderr.Overflow > 0,
            stdout.Overflow,
            stopwatch.ElapsedMilliseconds);
    }

    private static async Task PumpAsync(
        MultiplexedStream stream, byte[]? stdin, BoundedBuffer stdout, BoundedBuffer stderr, PidReader pid, CancellationToken cancellationToken)
    {
        if (stdin is not null)
        {
            if (stdin.Length > 0)
            {
                await stream.WriteAsync(stdin, 0, stdin.Length, cancellationToken);
            }

            stream.CloseWrite();
        }

        var buffer = new byte[81920];
        while (true)
        {
            // ReadOutputAsync ignores cancellation once the read is pending; WaitAsync lets a timeout win anyway.
            var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken).WaitAsync(cancellationToken);
            if (read.EOF)
            {
                return;
            }

            var chunk = buffer.AsSpan(0, read.Count);
            if (read.Target == MultiplexedStream.TargetStream.StandardError)
            {
                chunk = pid.Consume(chunk);
                stderr.Append(chunk);
            }
            else
            {
                stdout.Append(chunk);
            }
        }
    }

    private async Task KillAsync(string containerId, int? pid, string? user)
    {
        if (pid is null)
        {
            return;
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            var kill = await docker.Exec.ExecCreateContainerAsync(containerId, new ContainerExecCreateParameters
            {
                Cmd = ["/bin/sh", "-c", KillTree, pid.Value.ToString(CultureInfo.InvariantCulture)],
                AttachStdout = true,
                AttachStderr = true,
                User = user,
            }, deadline.Token);
            using var stream = await docker.Exec.StartAndAttachContainerExecAsync(kill.ID, tty: false, deadline.Token);
            await stream.ReadOutputToEndAsync(deadline.Token);
        }
        catch (Exception ex) when (ex is DockerApiException or OperationCanceledException or IOException)
        {
            // The container may be gone or at its pids limit; the caller still gets a timed-out result.
        }
    }

    private async Task<int> ExitCodeAsync(string execId, bool timedOut)
    {
        // The exec can report Running for a moment after its output ends.
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var inspect = await docker.Exec.InspectContainerExecAsync(execId, CancellationToken.None);
            if (!inspect.Running)
            {
                return (int)inspect.ExitCode;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(attempt < 10 ? 5 : 50));
        }

        return timedOut ? 137 : -1;
    }

    /// <summary>Takes the wrapper's pid line off the start of stderr.</summary>
    private sealed class PidReader
    {
        private readonly List<byte> _line = [];
        private bool _done;

        public int? Pid { get; private set; }

        public Span<byte> Consume(Span<byte> chunk)
        {
            if (_done)
            {
                return chunk;
            }

            var newline = chunk.IndexOf((byte)'\n');
            if (newline < 0)
            {
                _line.AddRange(chunk);
                return [];
            }

            _line.AddRange(chunk[..newline]);
            _done = true;
            var line = Encoding.ASCII.GetString([.. _line]);
            if (line.StartsWith(PidMarker, StringComparison.Ordinal)
                && int.TryParse(line.AsSpan(PidMarker.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                Pid = pid;
                return chunk[(newline + 1)..];
            }

            // Not our marker (should not happen): keep everything.
            var all = new byte[_line.Count + 1 + chunk.Length - newline - 1];
            _line.CopyTo(all);
            all[_line.Count] = (byte)'\n';
            chunk[(newline + 1)..].CopyTo(all.AsSpan(_line.Count + 1));
            return all;
        }
    }
}

/// <summary>What to run: argv (no shell added), environment, working directory, user, stdin and limits.</summary>
public sealed record ExecCommand(IReadOnlyList<string> Argv)
{
    public IReadOnlyDictionary<string, string>? Env { get; init; }
    public string? Workdir { get; init; }
    public string? User { get; init; }
    public byte[]? Stdin { get; init; }
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);
    public int MaxOutputBytes { get; init; } = 200_000;

    /// <summary>Run through a warm runner when one can be had (false: always a fresh exec).</summary>
    public bool Warm { get; init; } = true;
}

/// <summary>Stdout as bytes too, for binary-safe reads.</summary>
public sealed record ExecOutcome(
    int ExitCode, byte[] StdoutBytes, string Stdout, string Stderr, bool TimedOut, bool Truncated, long StdoutOverflow, long DurationMs);
