using OpenClaw.Contracts.Sandbox;
using OpenClaw.Gateway.Sandbox;

namespace OpenClaw.Gateway.Tools.Execution;

/// <summary>
/// An exec in the sandbox. The SandboxManager runs it to completion (killing the process tree at its timeout) and
/// answers with the whole output, so output appears when it ends; a background exec still shows up in
/// <c>process</c> while it runs. Input after start and early kill are not available through the manager.
/// </summary>
internal sealed class SandboxProcess : IToolProcess
{
    private readonly CancellationTokenSource _abandon = new();

    public SandboxProcess(ISandboxClient client, ExecRequest request, string workingDirectory)
    {
        WorkingDirectory = workingDirectory;
        Exited = RunAsync(client, request);
    }

    public int? Pid => null;

    public string WorkingDirectory { get; }

    public ProcessOutput Output { get; } = new();

    public Task<int> Exited { get; }

    public bool TimedOut { get; private set; }

    public Task WriteInputAsync(string data, bool closeInput, CancellationToken cancellationToken) =>
        throw new ToolException("Writing to a running sandboxed command is not supported; pass input in the command (for example with a here-document).");

    public async Task KillAsync()
    {
        // The manager kills the tree at the exec timeout; here we stop waiting for it.
        await _abandon.CancelAsync().ConfigureAwait(false);
        await Exited.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (!Exited.IsCompleted)
        {
            await KillAsync().ConfigureAwait(false);
        }

        _abandon.Dispose();
    }

    private async Task<int> RunAsync(ISandboxClient client, ExecRequest request)
    {
        try
        {
            var result = await client.ExecAsync(request, _abandon.Token).ConfigureAwait(false);
            Output.Append(result.Stdout);
            if (result.Stderr.Length > 0)
            {
                Output.Append(result.Stdout.Length > 0 && !result.Stdout.EndsWith('\n') ? "\n" + result.Stderr : result.Stderr);
            }

            TimedOut = result.TimedOut;
            return result.TimedOut ? 137 : result.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return 137;
        }
        catch (SandboxException ex)
        {
            Output.Append($"Sandbox error ({ex.Code}): {ex.Message}");
            return 1;
        }
    }
}
