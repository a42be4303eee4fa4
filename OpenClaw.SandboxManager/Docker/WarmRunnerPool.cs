using System.Collections.Concurrent;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace OpenClaw.SandboxManager.Docker;

/// <summary>
/// Warm runners per container and user. A command takes an idle runner or starts one (up to a cap per container);
/// images that cannot run the runner (no perl) are remembered and served by plain exec instead.
/// </summary>
public sealed class WarmRunnerPool(IDockerClient docker) : IDisposable
{
    private const int MaxRunnersPerContainer = 8;
    private readonly ConcurrentDictionary<(string ContainerId, string User), RunnerSet> _sets = new();

    /// <summary>An idle or new runner, or null when none can be had (the caller uses plain exec).</summary>
    public async Task<WarmRunner?> AcquireAsync(string containerId, string? user, CancellationToken cancellationToken)
    {
        var set = _sets.GetOrAdd((containerId, user ?? ""), _ => new RunnerSet());
        if (set.Unsupported)
        {
            return null;
        }

        while (set.Idle.TryDequeue(out var idle))
        {
            if (idle.Healthy)
            {
                return idle;
            }

            idle.Dispose();
            Interlocked.Decrement(ref set.Count);
        }

        if (Interlocked.Increment(ref set.Count) > MaxRunnersPerContainer)
        {
            Interlocked.Decrement(ref set.Count);
            return null;
        }

        try
        {
            var exec = await docker.Exec.ExecCreateContainerAsync(containerId, new ContainerExecCreateParameters
            {
                Cmd = ["perl", "-e", WarmRunnerScript.Source],
                AttachStdin = true,
                AttachStdout = true,
                AttachStderr = true,
                User = user,
            }, cancellationToken);
            var stream = await docker.Exec.StartAndAttachContainerExecAsync(exec.ID, tty: false, cancellationToken);
            var runner = new WarmRunner(stream);
            switch (await runner.StartAsync(TimeSpan.FromSeconds(15)))
            {
                case true:
                    return runner;
                case false:
                    set.Unsupported = true;
                    break;
            }
        }
        catch (DockerApiException)
        {
            // Container gone or not running: plain exec reports it properly.
        }

        Interlocked.Decrement(ref set.Count);
        return null;
    }

    public void Return(string containerId, string? user, WarmRunner runner)
    {
        if (runner.Healthy && _sets.TryGetValue((containerId, user ?? ""), out var set))
        {
            set.Idle.Enqueue(runner);
            return;
        }

        runner.Dispose();
        if (_sets.TryGetValue((containerId, user ?? ""), out var owner))
        {
            Interlocked.Decrement(ref owner.Count);
        }
    }

    /// <summary>Closes the runners of a removed container.</summary>
    public void Forget(string containerId)
    {
        foreach (var key in _sets.Keys.Where(k => k.ContainerId == containerId))
        {
            if (_sets.TryRemove(key, out var set))
            {
                while (set.Idle.TryDequeue(out var runner))
                {
                    runner.Dispose();
                }
            }
        }
    }

    public void Dispose()
    {
        foreach (var id in _sets.Keys.Select(k => k.ContainerId).Distinct().ToList())
        {
            Forget(id);
        }
    }

    private sealed class RunnerSet
    {
        public readonly ConcurrentQueue<WarmRunner> Idle = new();
        public int Count;
        public volatile bool Unsupported;
    }
}
