namespace OpenClaw.Gateway.Runs;

/// <summary>
/// The run lanes (spec §4.6): a per-session lane (one run at a time, FIFO) and a global lane capped by
/// <c>agents.defaults.maxConcurrent</c>, read on every acquire so hot-reloaded caps apply to the next run.
/// </summary>
public sealed class RunLanes(Func<int> maxConcurrent)
{
    private readonly Dictionary<string, (SemaphoreSlim Gate, int Users)> _sessions = new(StringComparer.Ordinal);
    private readonly Lock _globalLock = new();
    private readonly LinkedList<TaskCompletionSource> _globalWaiters = new();
    private int _running;

    public async Task<IAsyncDisposable> EnterSessionAsync(string sessionKey, CancellationToken cancellationToken)
    {
        SemaphoreSlim gate;
        lock (_sessions)
        {
            var current = _sessions.TryGetValue(sessionKey, out var existing) ? existing : (Gate: new SemaphoreSlim(1, 1), Users: 0);
            _sessions[sessionKey] = (current.Gate, current.Users + 1);
            gate = current.Gate;
        }

        try
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Leave(sessionKey, gate, release: false);
            throw;
        }

        return new Releaser(() => Leave(sessionKey, gate, release: true));
    }

    public async Task<IAsyncDisposable> EnterGlobalAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource? waiter = null;
        LinkedListNode<TaskCompletionSource>? node = null;
        lock (_globalLock)
        {
            if (_running < Math.Max(1, maxConcurrent()))
            {
                _running++;
            }
            else
            {
                waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                node = _globalWaiters.AddLast(waiter);
            }
        }

        if (waiter is not null)
        {
            using var registration = cancellationToken.Register(() =>
            {
                lock (_globalLock)
                {
                    if (node!.List is not null)
                    {
                        _globalWaiters.Remove(node);
                        waiter.TrySetCanceled(cancellationToken);
                    }
                }
            });
            await waiter.Task.ConfigureAwait(false);
        }

        return new Releaser(ReleaseGlobal);
    }

    /// <summary>Runs holding a global slot right now.</summary>
    public int Running => Volatile.Read(ref _running);

    private void ReleaseGlobal()
    {
        lock (_globalLock)
        {
            // Hand the slot straight to the next waiter if still under the (possibly lowered) cap.
            if (_globalWaiters.First is { } next && _running <= Math.Max(1, maxConcurrent()))
            {
                _globalWaiters.RemoveFirst();
                next.Value.TrySetResult();
                return;
            }

            _running--;
        }
    }

    private void Leave(string sessionKey, SemaphoreSlim gate, bool release)
    {
        if (release)
        {
            gate.Release();
        }

        lock (_sessions)
        {
            var current = _sessions[sessionKey];
            if (current.Users <= 1)
            {
                _sessions.Remove(sessionKey);
                gate.Dispose();
            }
            else
            {
                _sessions[sessionKey] = (current.Gate, current.Users - 1);
            }
        }
    }

    private sealed class Releaser(Action release) : IAsyncDisposable
    {
        private int _done;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                release();
            }

            return ValueTask.CompletedTask;
        }
    }
}
