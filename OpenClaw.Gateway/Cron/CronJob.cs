using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenClaw.Gateway.Cron;

/// <summary>
/// One scheduled job as stored in <c>~/.openclaw/cron/jobs.json</c> (spec §10.1, exact upstream field names).
/// Fields this gateway does not know are kept in <see cref="Extra"/> so a round trip loses nothing.
/// </summary>
public sealed class CronJob
{
    public string Id { get; set; } = "";

    public string? AgentId { get; set; }

    public string? SessionKey { get; set; }

    public string Name { get; set; } = "";

    public string? Description { get; set; }

    public bool Enabled { get; set; } = true;

    public bool? DeleteAfterRun { get; set; }

    public long CreatedAtMs { get; set; }

    public long UpdatedAtMs { get; set; }

    public CronSchedule Schedule { get; set; } = new();

    /// <summary><c>main</c> or <c>isolated</c> (newer: <c>current</c>, <c>session:&lt;name&gt;</c>).</summary>
    public string SessionTarget { get; set; } = CronTargets.Main;

    /// <summary><c>now</c> or <c>next-heartbeat</c>.</summary>
    public string WakeMode { get; set; } = "now";

    public CronPayload Payload { get; set; } = new();

    public CronDelivery? Delivery { get; set; }

    public CronJobState State { get; set; } = new();

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public CronJob Clone() => JsonSerializer.Deserialize<CronJob>(JsonSerializer.SerializeToUtf8Bytes(this, CronJson.Options), CronJson.Options)!;
}

/// <summary><c>{kind:"at", at}</c> | <c>{kind:"every", everyMs, anchorMs?}</c> | <c>{kind:"cron", expr, tz?, staggerMs?}</c>.</summary>
public sealed class CronSchedule
{
    public string Kind { get; set; } = "";

    public string? At { get; set; }

    public long? EveryMs { get; set; }

    public long? AnchorMs { get; set; }

    public string? Expr { get; set; }

    public string? Tz { get; set; }

    public long? StaggerMs { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary><c>{kind:"systemEvent", text}</c> | <c>{kind:"agentTurn", message, model?, thinking?, timeoutSeconds?, deliver?, channel?, to?, bestEffortDeliver?}</c>.</summary>
public sealed class CronPayload
{
    public string Kind { get; set; } = "";

    public string? Text { get; set; }

    public string? Message { get; set; }

    public string? Model { get; set; }

    public string? Thinking { get; set; }

    public int? TimeoutSeconds { get; set; }

    public bool? Deliver { get; set; }

    public string? Channel { get; set; }

    public string? To { get; set; }

    public bool? BestEffortDeliver { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary><c>{mode: none|announce|webhook, channel?: "last"|&lt;id&gt;, to?, accountId?, bestEffort?}</c>; webhook ⇒ <c>to</c> is the URL.</summary>
public sealed class CronDelivery
{
    public string Mode { get; set; } = CronDeliveryModes.None;

    public string? Channel { get; set; }

    public string? To { get; set; }

    public string? AccountId { get; set; }

    public bool? BestEffort { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Runtime state the scheduler keeps with the job.</summary>
public sealed class CronJobState
{
    public long? NextRunAtMs { get; set; }

    public long? RunningAtMs { get; set; }

    public long? LastRunAtMs { get; set; }

    /// <summary>ok | error | skipped (older files: <c>lastStatus</c>; both are written).</summary>
    public string? LastRunStatus { get; set; }

    public string? LastStatus { get; set; }

    public string? LastError { get; set; }

    public long? LastDurationMs { get; set; }

    public int? ConsecutiveErrors { get; set; }

    public bool? LastDelivered { get; set; }

    /// <summary>delivered | not-delivered | unknown | not-requested.</summary>
    public string? LastDeliveryStatus { get; set; }

    public string? LastDeliveryError { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>The whole store file: <c>{version:1, jobs:[…]}</c>.</summary>
public sealed class CronStoreFile
{
    public int Version { get; set; } = 1;

    public List<CronJob> Jobs { get; set; } = [];

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

public static class CronTargets
{
    public const string Main = "main";
    public const string Isolated = "isolated";
}

public static class CronDeliveryModes
{
    public const string None = "none";
    public const string Announce = "announce";
    public const string Webhook = "webhook";
}

public static class CronPayloadKinds
{
    public const string SystemEvent = "systemEvent";
    public const string AgentTurn = "agentTurn";
}

/// <summary>Serializer settings of the cron files and wire payloads: camelCase, nulls left out.</summary>
public static class CronJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    public static readonly JsonSerializerOptions Line = new(Options) { WriteIndented = false };
}
