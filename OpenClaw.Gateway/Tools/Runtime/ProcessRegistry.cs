using System.Collections.Concurrent;
using System.Security.Cryptography;
using OpenClaw.Gateway.Tools.Execution;

namespace OpenClaw.Gateway.Tools.Runtime;

/// <summary>
/// Exec commands per agent, in memory only (as upstream): background ones are what <c>process</c> lists and
/// controls. Finished sessions are forgotten after <c>tools.exec.cleanupMs</c>; everything still running is killed
/// when the gateway stops.
/// </summary>
public sealed class ProcessRegistry(ToolConfigSource config, TimeProvider clock) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ProcessSession> _sessions = new(StringComparer.Ordinal);

    public ProcessSession Register(ToolContext context, string command, IToolProcess process, string backend)
    {
        Prune();
        var session = new ProcessSession(NewId(), context, command, process, backend, clock);
        _sessions[session.Id] = session;
        return session;
    }

    /// <summary>Background sessions of the agent, newest first.</summary>
    public IReadOnlyList<ProcessSession> List(string agentId)
    {
        Prune();
        return [.. _sessions.Values
            .Where(s => s.Backgrounded && string.Equals(s.AgentId, agentId, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(s => s.StartedAt)];
    }

    public ProcessSession? Find(string agentId, string sessionId) =>
        _sessions.TryGetValue(sessionId.Trim(), out var session)
        && session.Backgrounded
        && string.Equals(session.AgentId, agentId, StringComparison.OrdinalIgnoreCase)
            ? session
            : null;

    /// <summary>Forgets a session that ended in the foreground (exec returned its result).</summary>
    public async Task ForgetAsync(ProcessSession session)
    {
        if (_sessions.TryRemove(session.Id, out _))
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async Task RemoveAsync(ProcessSession session)
    {
        await session.KillAsync().ConfigureAwait(false);
        await ForgetAsync(session).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var session in _sessions.Values)
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }

        _sessions.Clear();
    }

    private void Prune()
    {
        var keep = TimeSpan.FromMilliseconds(Math.Max(0, config.Tools.Exec.CleanupMs));
        var now = clock.GetUtcNow();
        foreach (var session in _sessions.Values)
        {
            if (session.EndedAt is { } ended && now - ended > keep && _sessions.TryRemove(session.Id, out _))
            {
                _ = session.DisposeAsync().AsTask();
            }
        }
    }

    private static string NewId()
    {
        // Short ids the model can repeat back without mistakes: 8 characters, no look-alikes (0/o, 1/l).
        const string alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        Span<char> chars = stackalloc char[8];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        }

        return new string(chars);
    }
}
