using System.Text.Json;
using OpenClaw.Gateway.Cron;

namespace OpenClaw.Gateway.Protocol.Methods;

/// <summary>
/// <c>cron.list/status/add/update/remove/run/runs</c> (spec §10.1): what <c>openclaw cron …</c> and the Control UI's
/// Cron page call. Jobs go over the wire in their <c>jobs.json</c> shape; bad input is INVALID_REQUEST naming the field.
/// Reads need <c>operator.read</c>, changes <c>operator.admin</c> (see <see cref="MethodScopes"/>).
/// </summary>
public static class CronMethods
{
    private const int MaxPage = 200;

    public static MethodRegistry MapCronMethods(this MethodRegistry methods) => methods
        .Map("cron.list", List)
        .Map("cron.status", Status)
        .Map("cron.add", Add)
        .Map("cron.update", Update)
        .Map("cron.remove", Remove)
        .Map("cron.run", Run)
        .Map("cron.runs", Runs);

    private static async Task<object?> List(MethodContext context)
    {
        var cron = Cron(context);
        var enabled = context.OptionalString("enabled") ?? (context.OptionalBool("includeDisabled") == true ? "all" : "enabled");
        if (enabled is not ("all" or "enabled" or "disabled"))
        {
            throw GatewayMethodException.Invalid("invalid cron.list params: enabled must be \"all\", \"enabled\" or \"disabled\"");
        }

        var sortBy = context.OptionalString("sortBy") ?? "nextRunAtMs";
        if (sortBy is not ("nextRunAtMs" or "updatedAtMs" or "name"))
        {
            throw GatewayMethodException.Invalid("invalid cron.list params: sortBy must be \"nextRunAtMs\", \"updatedAtMs\" or \"name\"");
        }

        var (offset, limit) = Page(context, 50);
        var page = await cron.ListAsync(enabled, context.OptionalString("query"), sortBy, Descending(context, defaultDescending: false), offset, limit, context.CancellationToken);
        var end = offset + page.Jobs.Count;
        return new
        {
            jobs = page.Jobs.Select(Wire).ToList(),
            total = page.Total,
            offset,
            limit,
            hasMore = end < page.Total,
            nextOffset = end < page.Total ? end : (int?)null,
        };
    }

    private static async Task<object?> Status(MethodContext context)
    {
        var cron = Cron(context);
        var (jobs, next) = await cron.StatusAsync(context.CancellationToken);
        return new { enabled = cron.Enabled, storePath = cron.StorePath, jobs, nextWakeAtMs = next };
    }

    private static async Task<object?> Add(MethodContext context)
    {
        var input = context.Params is { ValueKind: JsonValueKind.Object } p
            ? p.TryGetProperty("job", out var wrapped) && wrapped.ValueKind == JsonValueKind.Object ? wrapped : p
            : throw GatewayMethodException.Invalid("invalid cron.add params: must be the job object (name, schedule, sessionTarget, payload)");
        return Wire(await Guard(() => Cron(context).AddAsync(input, context.CancellationToken)));
    }

    private static async Task<object?> Update(MethodContext context)
    {
        var id = JobId(context);
        var patch = context.Params is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("patch", out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : throw GatewayMethodException.Invalid("invalid cron.update params: must have required property 'patch' (an object of fields to change)");
        return Wire(await Guard(() => Cron(context).UpdateAsync(id, patch, context.CancellationToken)));
    }

    private static async Task<object?> Remove(MethodContext context)
    {
        var id = JobId(context);
        if (!await Cron(context).RemoveAsync(id, context.CancellationToken))
        {
            throw GatewayMethodException.Invalid(CronService.UnknownJob(id));
        }

        return new { ok = true, removed = true };
    }

    private static async Task<object?> Run(MethodContext context)
    {
        var id = JobId(context);
        var mode = context.OptionalString("mode") ?? "force";
        if (mode is not ("force" or "due"))
        {
            throw GatewayMethodException.Invalid("invalid cron.run params: mode must be \"force\" or \"due\"");
        }

        var (runId, reason) = await Guard(() => Cron(context).RunNowAsync(id, mode == "due", context.CancellationToken));
        return runId is null ? new { ok = true, ran = false, reason } : new { ok = true, enqueued = true, runId };
    }

    private static async Task<object?> Runs(MethodContext context)
    {
        var scope = context.OptionalString("scope") ?? (OptionalJobId(context) is null ? "all" : "job");
        string? id = null;
        if (scope == "job")
        {
            id = JobId(context);
        }
        else if (scope != "all")
        {
            throw GatewayMethodException.Invalid("invalid cron.runs params: scope must be \"job\" or \"all\"");
        }

        var (offset, limit) = Page(context, 50);
        var query = new CronRunQuery(id, limit, offset, StringSet(context, "statuses"), StringSet(context, "deliveryStatuses"),
            context.OptionalString("query"), Descending(context, defaultDescending: true));
        var (entries, total) = await Cron(context).RunsAsync(query, context.CancellationToken);
        var end = offset + entries.Count;
        return new
        {
            entries = entries.Select(e => JsonSerializer.SerializeToElement(e, CronJson.Line)).ToList(),
            total,
            offset,
            limit,
            hasMore = end < total,
            nextOffset = end < total ? end : (int?)null,
        };
    }

    private static CronService Cron(MethodContext context) =>
        context.Services.GetService<CronService>() ?? throw GatewayMethodException.Unavailable("cron is not available on this gateway");

    private static JsonElement Wire(CronJob job) => JsonSerializer.SerializeToElement(job, CronJson.Line);

    private static string? OptionalJobId(MethodContext context) =>
        context.OptionalString("id") is { Length: > 0 } id ? id : context.OptionalString("jobId") is { Length: > 0 } jobId ? jobId : null;

    private static string JobId(MethodContext context) =>
        OptionalJobId(context) ?? throw GatewayMethodException.Invalid($"invalid {context.Method} params: must have required property 'id' (the job id from cron.list)");

    private static (int Offset, int Limit) Page(MethodContext context, int defaultLimit) =>
        (Math.Max(0, context.OptionalInt("offset") ?? 0), Math.Clamp(context.OptionalInt("limit") ?? defaultLimit, 1, MaxPage));

    private static bool Descending(MethodContext context, bool defaultDescending) => context.OptionalString("sortDir") switch
    {
        "asc" => false,
        "desc" => true,
        _ => defaultDescending,
    };

    private static HashSet<string>? StringSet(MethodContext context, string name) =>
        context.Params is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.Array => [.. value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)],
                JsonValueKind.String => [value.GetString()!],
                _ => null,
            }
            : null;

    private static async Task<T> Guard<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (CronValidationException ex)
        {
            throw GatewayMethodException.Invalid(ex.Message);
        }
    }
}
