namespace OpenClaw.Gateway.Tools.Runtime;

using OpenClaw.Gateway.Tools.Execution;

/// <summary>One exec command tracked by the gateway: its process, timeout and what <c>process</c> reports about it.</summary>
public sealed class ProcessSession : IAsyncDisposable
{
    private readonly CancellationTokenSource _timeout = new();
    private int _timedOut;

    internal ProcessSession(string id, ToolContext context, string command, IToolProcess process, string backend, TimeProvider clock)
    {
        Id = id;
        AgentId = context.AgentId;
        SessionKey = context.SessionKey;
        Command = command;
        Process = process;
        Backend = backend;
        StartedAt = clock.GetUtcNow();
        Completion = TrackAsync(clock);
    }

    public string Id { get; }

    public string AgentId { get; }

    public string SessionKey { get; }

    public string Command { get; }

    public string Backend { get; }

    public IToolProcess Process { get; }

    public DateTimeOffset StartedAt { get; }

    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>True once exec yielded and the command continues as a background process.</summary>
    public bool Backgrounded { get; internal set; }

    public bool TimedOut => Volatile.Read(ref _timedOut) == 1 || Process.TimedOut;

    public bool Killed { get; private set; }

    public int? ExitCode { get; private set; }

    public Task Completion { get; }

    public string Status => ExitCode is null ? "running" : TimedOut ? "timed_out" : Killed ? "killed" : ExitCode == 0 ? "completed" : "failed";

    /// <summary>Kills the command when it is still running after <paramref name="timeout"/>.</summary>
    public void ArmTimeout(TimeSpan timeout)
    {
        _timeout.CancelAfter(timeout);
        _timeout.Token.Register(() =>
        {
            if (ExitCode is null)
            {
                Interlocked.Exchange(ref _timedOut, 1);
                _ = Process.KillAsync();
            }
        });
    }

    public async Task KillAsync()
    {
        if (ExitCode is null)
        {
            Killed = true;
        }

        await Process.KillAsync().ConfigureAwait(false);
        await Completion.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync().ConfigureAwait(false);
        _timeout.Dispose();
    }

    private async Task TrackAsync(TimeProvider clock)
    {
        var code = await Process.Exited.ConfigureAwait(false);
        EndedAt = clock.GetUtcNow();
        ExitCode = code;
    }
}
