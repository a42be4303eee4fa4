using System.Diagnostics;
using System.Text;

namespace OpenClaw.Gateway.Tools.Execution;

/// <summary>A shell command on the host, in its own session and process group (<c>setsid sh -c</c>).</summary>
internal sealed class HostProcess : IToolProcess
{
    /// <summary>How long output may keep arriving after the shell exits (children that kept the pipes open).</summary>
    private static readonly TimeSpan OutputDrainGrace = TimeSpan.FromSeconds(2);

    private readonly Process _process;
    private readonly Task _stdout;
    private readonly Task _stderr;
    private readonly CancellationTokenSource _stopPumps = new();
    private int _killed;

    private HostProcess(Process process, string workingDirectory, int maxOutputChars)
    {
        _process = process;
        WorkingDirectory = workingDirectory;
        Output = new ProcessOutput(maxOutputChars);
        Pid = process.Id;
        _stdout = PumpAsync(process.StandardOutput.BaseStream);
        _stderr = PumpAsync(process.StandardError.BaseStream);
        Exited = WaitForExitAsync();
    }

    public int? Pid { get; }

    public string WorkingDirectory { get; }

    public ProcessOutput Output { get; }

    public Task<int> Exited { get; }

    public static HostProcess Start(string shell, string command, string workingDirectory, IReadOnlyDictionary<string, string> environment, int maxOutputChars)
    {
        var startInfo = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(shell);
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(command);
        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new ToolException($"Could not start '{shell}'.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new ToolException($"Could not start the command: {ex.Message}. Host exec needs 'setsid' (util-linux) and {shell}.");
        }

        return new HostProcess(process, workingDirectory, maxOutputChars);
    }

    public async Task WriteInputAsync(string data, bool closeInput, CancellationToken cancellationToken)
    {
        if (_process.HasExited)
        {
            throw new ToolException("The process has exited; it no longer reads input.");
        }

        await _process.StandardInput.WriteAsync(data.AsMemory(), cancellationToken).ConfigureAwait(false);
        await _process.StandardInput.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (closeInput)
        {
            _process.StandardInput.Close();
        }
    }

    public async Task KillAsync()
    {
        Interlocked.Exchange(ref _killed, 1);

        // setsid made the shell the leader of a new process group whose id is its pid.
        if (!ProcessGroup.Kill(_process.Id))
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }

        await Exited.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited || ProcessGroup.IsAlive(_process.Id))
        {
            await KillAsync().ConfigureAwait(false);
        }

        await Exited.ConfigureAwait(false);
        _stopPumps.Dispose();
        _process.Dispose();
    }

    private async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().ConfigureAwait(false);

        // A killed group closes its pipes at once; a shell that left children behind may not: wait briefly, then stop reading.
        var pumps = Task.WhenAll(_stdout, _stderr);
        if (await Task.WhenAny(pumps, Task.Delay(OutputDrainGrace)).ConfigureAwait(false) != pumps)
        {
            await _stopPumps.CancelAsync().ConfigureAwait(false);
            await pumps.ConfigureAwait(false);
        }

        var code = _process.ExitCode;
        return Volatile.Read(ref _killed) == 1 && code == 137 ? -9 : code;
    }

    private async Task PumpAsync(Stream stream)
    {
        var decoder = Encoding.UTF8.GetDecoder();
        var bytes = new byte[8192];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(bytes, _stopPumps.Token).ConfigureAwait(false)) > 0)
            {
                var count = decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
                Output.Append(new string(chars, 0, count));
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped after the exit grace period.
        }
        catch (IOException)
        {
            // Pipe closed under us.
        }
    }
}
