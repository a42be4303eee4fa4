using System.Collections.Concurrent;
using OpenClaw.Gateway.Config;

namespace OpenClaw.Gateway.Sessions;

/// <summary>One <see cref="FileSessionStore"/> per agent under <c>~/.openclaw/agents/&lt;agentId&gt;/sessions</c>.</summary>
public sealed class FileSessionStores(OpenClawPaths paths, IConfigStore config, TimeProvider time) : ISessionStores
{
    private readonly ConcurrentDictionary<string, ISessionStore> _stores = new(StringComparer.Ordinal);

    public ISessionStore For(string agentId)
    {
        var id = SessionKeys.NormalizeAgentId(agentId);
        return _stores.GetOrAdd(id, key => new FileSessionStore(key, paths.SessionsDir(key, config.Current.Config.Session.Store), time));
    }
}
