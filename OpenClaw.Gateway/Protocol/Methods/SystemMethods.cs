using System.Text;
using System.Text.Json.Nodes;

namespace OpenClaw.Gateway.Protocol.Methods;

/// <summary><c>health</c>, <c>status</c>, <c>system-presence</c>, <c>system-event</c>, <c>logs.tail</c>.</summary>
public static class SystemMethods
{
    private const int MaxTailLines = 5000;
    private const int MaxTailBytes = 1_000_000;

    public static MethodRegistry MapSystemMethods(this MethodRegistry methods) => methods
        .Map("health", Health)
        .Map("status", Status)
        .Map("system-presence", SystemPresence)
        .Map("system-event", SystemEvent)
        .Map("logs.tail", LogsTail);

    private static async Task<object?> Health(MethodContext context)
    {
        var summary = await context.Get<HealthReporter>().HealthAsync(context.CancellationToken);
        var events = context.Get<EventBroadcaster>();
        events.BumpHealth();
        await events.BroadcastAsync("health", summary);
        return summary;
    }

    private static async Task<object?> Status(MethodContext context) => await context.Get<HealthReporter>().StatusAsync(context.CancellationToken);

    private static Task<object?> SystemPresence(MethodContext context) => Task.FromResult<object?>(context.Get<PresenceTracker>().Snapshot());

    /// <summary>
    /// A presence beacon from an app or UI: <c>{text, deviceId?, instanceId?, host?, ip?, version?, platform?, deviceFamily?,
    /// modelIdentifier?, lastInputSeconds?, mode?, reason?, roles?, scopes?}</c> → <c>{ok:true}</c>; listed by <c>system-presence</c>.
    /// </summary>
    private static async Task<object?> SystemEvent(MethodContext context)
    {
        var text = context.RequiredString("text");
        var lastInput = context.OptionalInt("lastInputSeconds");
        if (lastInput is < 0)
        {
            throw GatewayMethodException.Invalid("invalid system-event params: lastInputSeconds must be >= 0");
        }

        await context.Get<PresenceTracker>().ReportAsync(new PresenceEntry
        {
            Text = text,
            DeviceId = context.OptionalString("deviceId"),
            InstanceId = context.OptionalString("instanceId"),
            Host = context.OptionalString("host"),
            Ip = context.OptionalString("ip"),
            Version = context.OptionalString("version"),
            Platform = context.OptionalString("platform"),
            DeviceFamily = context.OptionalString("deviceFamily"),
            ModelIdentifier = context.OptionalString("modelIdentifier"),
            LastInputSeconds = lastInput,
            Mode = context.OptionalString("mode"),
            Reason = context.OptionalString("reason"),
            Roles = StringList(context, "roles"),
            Scopes = StringList(context, "scopes"),
        });
        return new { ok = true };
    }

    private static List<string>? StringList(MethodContext context, string name) =>
        context.Params is { ValueKind: System.Text.Json.JsonValueKind.Object } p && p.TryGetProperty(name, out var list)
            && list.ValueKind == System.Text.Json.JsonValueKind.Array
            ? [.. list.EnumerateArray().Where(e => e.ValueKind == System.Text.Json.JsonValueKind.String).Select(e => e.GetString()!)]
            : null;

    /// <summary><c>{cursor?, limit≤5000, maxBytes≤1e6}</c> → <c>{file, cursor, size, lines[], truncated?, reset?}</c>.</summary>
    private static async Task<object?> LogsTail(MethodContext context)
    {
        var limit = Math.Clamp(context.OptionalInt("limit") ?? 500, 1, MaxTailLines);
        var maxBytes = Math.Clamp(context.OptionalInt("maxBytes") ?? 250_000, 1, MaxTailBytes);
        long? cursor = context.Params is { ValueKind: System.Text.Json.JsonValueKind.Object } p && p.TryGetProperty("cursor", out var c)
            && c.TryGetInt64(out var cv) ? cv : null;
        var file = LogFilePath(context.Get<IConfiguration>());
        if (!File.Exists(file))
        {
            return new JsonObject { ["file"] = file, ["cursor"] = 0, ["size"] = 0, ["lines"] = new JsonArray() };
        }

        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var size = stream.Length;
        var reset = cursor is { } given && (given > size || given < 0);
        var start = cursor is { } from && !reset ? from : Math.Max(0, size - maxBytes);
        var truncated = size - start > maxBytes;
        if (truncated)
        {
            start = size - maxBytes;
        }

        stream.Seek(start, SeekOrigin.Begin);
        var buffer = new byte[size - start];
        await stream.ReadExactlyAsync(buffer, context.CancellationToken);
        var text = Encoding.UTF8.GetString(buffer);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (start > 0 && cursor is null && lines.Count > 0)
        {
            lines.RemoveAt(0); // the first line was cut by the byte window
        }

        var result = new JsonObject
        {
            ["file"] = file,
            ["cursor"] = size,
            ["size"] = size,
            ["lines"] = new JsonArray([.. lines.TakeLast(limit).Select(l => (JsonNode)JsonValue.Create(l.TrimEnd('\r')))]),
        };
        if (truncated || lines.Count > limit)
        {
            result["truncated"] = true;
        }

        if (reset)
        {
            result["reset"] = true;
        }

        return result;
    }

    /// <summary><c>logging.file</c>, else <c>/tmp/openclaw/openclaw-YYYY-MM-DD.log</c> (host-local date).</summary>
    public static string LogFilePath(IConfiguration configuration) =>
        configuration["logging:file"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "openclaw", $"openclaw-{DateTime.Now:yyyy-MM-dd}.log");
}
