using System.Text.Json;
using Microsoft.Extensions.Configuration;
using OpenClaw.Gateway.Config;

namespace OpenClaw.Gateway.Sandbox;

/// <summary>
/// The gateway's live <c>openclaw.json</c> (hot-reloaded by <see cref="IConfigStore"/>) as a configuration view for
/// <see cref="SandboxConfigReader"/>: the <c>agents</c> tree plus the state dir and home from <see cref="OpenClawPaths"/>.
/// Rebuilt only when the snapshot's hash changes.
/// </summary>
public sealed class ConfigStoreSandboxConfiguration(IConfigStore store, OpenClawPaths paths)
{
    private (string Hash, IConfiguration Configuration)? _cached;

    public IConfiguration Current()
    {
        var snapshot = store.Current;
        if (_cached is { } cached && cached.Hash == snapshot.Hash)
        {
            return cached.Configuration;
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(new { agents = snapshot.Config.Agents }, ConfigJson.Options);
        var configuration = new ConfigurationBuilder()
            .AddJsonStream(new MemoryStream(json))
            .AddInMemoryCollection(new Dictionary<string, string?> { ["OPENCLAW_STATE_DIR"] = paths.StateDir, ["HOME"] = paths.Home })
            .Build();
        _cached = (snapshot.Hash, configuration);
        return configuration;
    }
}
