using System.Diagnostics;

namespace OpenClaw.AppHost.Orchestration;

/// <summary>Something the orchestrator started and can stop: a process or a container.</summary>
public interface IRunningResource
{
    int? Pid { get; }

    /// <summary>Completes with the exit code when the process or container ends.</summary>
    Task<int> Exited { get; }

    /// <summary>Asks nicely (SIGTERM), then kills the whole process tree after <paramref name="grace"/>.</summary>
    Task StopAsync(TimeSpan grace);
}

/// <summary>A child process with its stdout/stderr captured line by line.</summary>
public sealed class RunningProcess : IRunningResource
{
    private readonly Process _process;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RunningProcess(Process process)
    {
        _process = process;
    }

    public int? Pid => _process.Id;

    public Task<int> Exited => _exited.Task;

    public static RunningProcess Start(
        string fileName,
        IEnumerable<string> args,
        IReadOnlyDictionary<string, string> environment,
        string workingDirectory,
        ConsoleLogBuffer logs,
        string? standardInput = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
        };
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var running = new RunningProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) logs.Add(e.Data, isError: false); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) logs.Add(e.Data, isError: true); };
        process.Exited += (_, _) => running.OnExited();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
            process.StandardInput.Close();
        }

        return running;
    }

    public async Task StopAsync(TimeSpan grace)
    {
        if (_exited.Task.IsCompleted)
        {
            return;
        }

        // Children a service started itself would be re-parented once it exits; note them first.
        var descendants = ProcessTree.Descendants(_process.Id);
        NativeSignals.TrySend(_process.Id, NativeSignals.SigTerm);
        var exited = await Task.WhenAny(_exited.Task, Task.Delay(grace)).ConfigureAwait(false) == _exited.Task;
        ProcessTree.Kill(descendants);
        if (!exited)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It ended between the check and the kill.
            }

            await Task.WhenAny(_exited.Task, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        }
    }

    private void OnExited()
    {
        // WaitForExit() with no timeout also drains the redirected output before we report the exit.
        _process.WaitForExit();
        _exited.TrySetResult(_process.ExitCode);
    }
}
