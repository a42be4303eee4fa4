using System.Diagnostics;
using System.Text.Json.Nodes;
using OpenClaw.Gateway.Agents;
using OpenClaw.Gateway.Config;
using OpenClaw.Gateway.Sessions;

namespace OpenClaw.Gateway.Protocol;

/// <summary>
/// Builds the <c>HealthSummary</c> (spec §1.6) and the <c>status</c> payload with upstream's field
/// names: channels, agents with heartbeat and session store summary, top 5 recent sessions.
/// </summary>
public sealed class HealthReporter(IAgentCatalog agents, ISessionStores sessions, IConfigStore config, GatewayInstance instance, TimeProvider clock)
{
    private const long HeartbeatEveryMs = 1_800_000;
    private static readonly TimeSpan SnapshotTtl = TimeSpan.FromSeconds(2);
    private (JsonObject Snapshot, long At)? _cached;

    /// <summary>
    /// A health snapshot at most 2 s old for <c>hello-ok</c>, as upstream serves a cached one: a burst of
    /// connects (a reconnect storm after a restart) must not rescan every session store per socket.
    /// The returned object is shared: callers only serialize it.
    /// </summary>
    public async Task<JsonObject> CachedHealthAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (_cached is { } cached && now - cached.At < SnapshotTtl.TotalMilliseconds)
        {
            return cached.Snapshot;
        }

        var fresh = await HealthAsync(cancellationToken);
        _cached = (fresh, now);
        return fresh;
    }

    public async Task<JsonObject> HealthAsync(CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var agentNodes = new JsonArray();
        JsonObject? defaultSessions = null;
        foreach (var agent in agents.List())
        {
            var summary = await SessionSummaryAsync(agent.Id, cancellationToken);
            defaultSessions ??= agent.IsDefault ? summary : null;
            var node = new JsonObject { ["agentId"] = agent.Id };
            if (agent.Name is { Length: > 0 } name)
            {
                node["name"] = name;
            }

            node["isDefault"] = agent.IsDefault;
            node["heartbeat"] = Heartbeat();
            node["sessions"] = summary.DeepClone();
            agentNodes.Add(node);
        }

        var channelOrder = new JsonArray();
        var channels = new JsonObject();
        var labels = new JsonObject();
        foreach (var (id, _) in config.Current.Config.Channels.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            channelOrder.Add(id);
            labels[id] = char.ToUpperInvariant(id[0]) + id[1..];
            channels[id] = new JsonObject { ["accountId"] = "default", ["configured"] = true };
        }

        return new JsonObject
        {
            ["ok"] = true,
            ["ts"] = clock.GetUtcNow().ToUnixTimeMilliseconds(),
            ["durationMs"] = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            ["channels"] = channels,
            ["channelOrder"] = channelOrder,
            ["channelLabels"] = labels,
            ["heartbeatSeconds"] = HeartbeatEveryMs / 1000,
            ["defaultAgentId"] = agents.DefaultAgentId,
            ["agents"] = agentNodes,
            ["sessions"] = defaultSessions ?? await SessionSummaryAsync(agents.DefaultAgentId, cancellationToken),
        };
    }

    public async Task<JsonObject> StatusAsync(CancellationToken cancellationToken = default)
    {
        var byAgent = new JsonArray();
        var paths = new JsonArray();
        var count = 0;
        var recent = new List<JsonObject>();
        foreach (var agent in agents.List())
        {
            var summary = await SessionSummaryAsync(agent.Id, cancellationToken);
            count += summary["count"]!.GetValue<int>();
            paths.Add(summary["path"]!.GetValue<string>());
            recent.AddRange(summary["recent"]!.AsArray().Select(r => (JsonObject)r!.DeepClone()));
            byAgent.Add(new JsonObject
            {
                ["agentId"] = agent.Id,
                ["path"] = summary["path"]!.GetValue<string>(),
                ["count"] = summary["count"]!.GetValue<int>(),
                ["recent"] = summary["recent"]!.DeepClone(),
            });
        }

        var primary = agents.Resolve(null).PrimaryModel;
        using var process = Process.GetCurrentProcess();
        return new JsonObject
        {
            ["runtimeVersion"] = instance.Version,
            ["heartbeat"] = new JsonObject
            {
                ["defaultAgentId"] = agents.DefaultAgentId,
                ["agents"] = new JsonArray([.. agents.List().Select(a => (JsonNode)new JsonObject
                {
                    ["agentId"] = a.Id,
                    ["enabled"] = true,
                    ["every"] = "30m",
                    ["everyMs"] = HeartbeatEveryMs,
                })]),
            },
            ["channelSummary"] = new JsonArray([.. config.Current.Config.Channels.Keys.Order(StringComparer.Ordinal)
                .Select(id => (JsonNode)JsonValue.Create($"{id}: configured"))]),
            ["queuedSystemEvents"] = new JsonArray(),
            ["sessions"] = new JsonObject
            {
                ["paths"] = paths,
                ["count"] = count,
                ["defaults"] = new JsonObject { ["model"] = primary, ["contextTokens"] = null },
                ["recent"] = new JsonArray([.. recent.OrderByDescending(r => r["updatedAt"]!.GetValue<long>()).Take(5)]),
                ["byAgent"] = byAgent,
            },
            ["processMemory"] = new JsonObject
            {
                ["rssBytes"] = process.WorkingSet64,
                ["heapUsedBytes"] = GC.GetTotalMemory(false),
                ["heapTotalBytes"] = GC.GetGCMemoryInfo().HeapSizeBytes,
            },
            ["pid"] = Environment.ProcessId,
            ["uptimeMs"] = instance.UptimeMs,
        };
    }

    private static JsonObject Heartbeat() => new()
    {
        ["enabled"] = true,
        ["every"] = "30m",
        ["everyMs"] = HeartbeatEveryMs,
    };

    /// <summary><c>{path, count, recent:[{key, updatedAt, age}]}</c> from the agent's session index (global/unknown excluded).</summary>
    private async Task<JsonObject> SessionSummaryAsync(string agentId, CancellationToken cancellationToken)
    {
        var store = sessions.For(agentId);
        var path = Path.Combine(store.Directory, "sessions.json");
        IReadOnlyDictionary<string, SessionEntry> entries;
        try
        {
            entries = await store.ListAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or System.Text.Json.JsonException)
        {
            // A damaged index must not take health down.
            entries = new Dictionary<string, SessionEntry>();
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var listed = entries.Where(e => !e.Key.EndsWith(":global", StringComparison.Ordinal) && e.Key is not ("global" or "unknown")).ToList();
        var recent = new JsonArray([.. listed.OrderByDescending(e => e.Value.UpdatedAt).Take(5)
            .Select(e => (JsonNode)new JsonObject { ["key"] = e.Key, ["updatedAt"] = e.Value.UpdatedAt, ["age"] = now - e.Value.UpdatedAt })]);
        return new JsonObject { ["path"] = path, ["count"] = listed.Count, ["recent"] = recent };
    }
}
