using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenClaw.Gateway.Security;

namespace OpenClaw.Gateway.Protocol;

/// <summary>
/// Builds the <c>HealthSummary</c> (spec §1.6) and the <c>status</c> payload with upstream's field
/// names: channels, agents with heartbeat and session store summary, top 5 recent sessions.
/// </summary>
public sealed class HealthReporter(StatePaths paths, GatewayInstance instance, TimeProvider clock)
{
    private const string DefaultAgentId = "main";
    private const long HeartbeatEveryMs = 1_800_000;

    public JsonObject Health()
    {
        var started = Stopwatch.GetTimestamp();
        var sessions = SessionSummary(DefaultAgentId);
        var summary = new JsonObject
        {
            ["ok"] = true,
            ["ts"] = clock.GetUtcNow().ToUnixTimeMilliseconds(),
            ["durationMs"] = 0,
            ["channels"] = new JsonObject(),
            ["channelOrder"] = new JsonArray(),
            ["channelLabels"] = new JsonObject(),
            ["heartbeatSeconds"] = HeartbeatEveryMs / 1000,
            ["defaultAgentId"] = DefaultAgentId,
            ["agents"] = new JsonArray(new JsonObject
            {
                ["agentId"] = DefaultAgentId,
                ["isDefault"] = true,
                ["heartbeat"] = Heartbeat(),
                ["sessions"] = sessions.DeepClone(),
            }),
            ["sessions"] = sessions,
        };
        summary["durationMs"] = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return summary;
    }

    public JsonObject Status()
    {
        var sessions = SessionSummary(DefaultAgentId);
        using var process = Process.GetCurrentProcess();
        return new JsonObject
        {
            ["runtimeVersion"] = instance.Version,
            ["heartbeat"] = new JsonObject
            {
                ["defaultAgentId"] = DefaultAgentId,
                ["agents"] = new JsonArray(new JsonObject
                {
                    ["agentId"] = DefaultAgentId,
                    ["enabled"] = true,
                    ["every"] = "30m",
                    ["everyMs"] = HeartbeatEveryMs,
                }),
            },
            ["channelSummary"] = new JsonArray(),
            ["queuedSystemEvents"] = new JsonArray(),
            ["sessions"] = new JsonObject
            {
                ["paths"] = new JsonArray(sessions["path"]!.GetValue<string>()),
                ["count"] = sessions["count"]!.GetValue<int>(),
                ["defaults"] = new JsonObject { ["model"] = null, ["contextTokens"] = null },
                ["recent"] = sessions["recent"]!.DeepClone(),
                ["byAgent"] = new JsonArray(new JsonObject
                {
                    ["agentId"] = DefaultAgentId,
                    ["path"] = sessions["path"]!.GetValue<string>(),
                    ["count"] = sessions["count"]!.GetValue<int>(),
                    ["recent"] = sessions["recent"]!.DeepClone(),
                }),
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

    /// <summary><c>{path, count, recent:[{key, updatedAt, age}]}</c> from the agent's session index.</summary>
    private JsonObject SessionSummary(string agentId)
    {
        var path = Path.Combine(paths.StateDir, "agents", agentId, "sessions", "sessions.json");
        var entries = new List<(string Key, long UpdatedAt)>();
        try
        {
            if (File.Exists(path))
            {
                using var stream = File.OpenRead(path);
                using var doc = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
                if (doc.RootElement.ValueKind == JsonValueKind.Object)
                {
                    foreach (var entry in doc.RootElement.EnumerateObject())
                    {
                        var updated = entry.Value.ValueKind == JsonValueKind.Object && entry.Value.TryGetProperty("updatedAt", out var u)
                            && u.TryGetInt64(out var ms) ? ms : 0;
                        entries.Add((entry.Name, updated));
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            // A damaged index must not take health down; the count just shows what could be read.
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var listed = entries.Where(e => e.Key is not ("global" or "unknown")).ToList();
        var recent = new JsonArray([.. listed.OrderByDescending(e => e.UpdatedAt).Take(5)
            .Select(e => (JsonNode)new JsonObject { ["key"] = e.Key, ["updatedAt"] = e.UpdatedAt, ["age"] = now - e.UpdatedAt })]);
        return new JsonObject { ["path"] = path, ["count"] = listed.Count, ["recent"] = recent };
    }
}
