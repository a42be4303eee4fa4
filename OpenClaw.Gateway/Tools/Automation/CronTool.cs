using System.Text.Json;
using System.Text.Json.Nodes;
using OpenClaw.Gateway.Cron;

namespace OpenClaw.Gateway.Tools.Automation;

/// <summary>
/// <c>cron</c> (group:automation): lets the agent manage the gateway scheduler — status, list, add, update, remove,
/// run, runs — with the same job shape as the <c>cron.*</c> methods. Jobs an agent adds default to that agent, and an
/// isolated job's announcement defaults to the conversation the agent was asked in.
/// </summary>
public sealed class CronTool(IServiceProvider services) : IAgentTool
{
    // Resolved on use: the scheduler runs agent turns, and the agent runner's tool catalog holds this tool.
    private CronService Cron => services.GetRequiredService<CronService>();

    public string Name => "cron";

    public string Description =>
        "Manage scheduled jobs (reminders, recurring briefs). action: status | list | add | update | remove | run | runs. " +
        "add takes job: {name, schedule:{kind:'at',at:'20m'|ISO} | {kind:'every',everyMs} | {kind:'cron',expr:'0 7 * * *',tz}, " +
        "sessionTarget:'main' with payload {kind:'systemEvent',text} or 'isolated' with payload {kind:'agentTurn',message}, delivery?}.";

    public JsonElement ParametersSchema { get; } = ToolSchema.Parse("""
        {
          "type": "object",
          "properties": {
            "action": { "type": "string", "enum": ["status", "list", "add", "update", "remove", "run", "runs"] },
            "job": { "type": "object", "description": "The job to add (name, schedule, sessionTarget, payload, delivery)" },
            "jobId": { "type": "string", "description": "Job id for update/remove/run/runs" },
            "patch": { "type": "object", "description": "Fields to change for update" },
            "includeDisabled": { "type": "boolean", "description": "list: include disabled jobs" },
            "mode": { "type": "string", "enum": ["force", "due"], "description": "run: force (default) or only when due" },
            "limit": { "type": "integer", "description": "list/runs: how many (default 20)" }
          },
          "required": ["action"]
        }
        """);

    public async Task<ToolResult> InvokeAsync(JsonElement arguments, ToolContext context, CancellationToken cancellationToken)
    {
        var cron = Cron;
        var args = new ToolArguments(Name, arguments);
        var action = args.RequireString("action").Trim().ToLowerInvariant();
        try
        {
            object result = action switch
            {
                "status" => await StatusAsync(cancellationToken),
                "list" => await ListAsync(args, cancellationToken),
                "add" => await cron.AddAsync(WithContextDefaults(RequireObject(args, "job"), context), cancellationToken),
                "update" => await cron.UpdateAsync(JobId(args), RequireObject(args, "patch"), cancellationToken),
                "remove" => new { ok = true, removed = await cron.RemoveAsync(JobId(args), cancellationToken) },
                "run" => await RunAsync(args, cancellationToken),
                "runs" => await RunsAsync(args, cancellationToken),
                _ => throw new ToolException($"cron: action '{action}' is not supported; use status, list, add, update, remove, run or runs."),
            };
            var details = JsonSerializer.SerializeToElement(result, CronJson.Options);
            return new ToolResult(JsonSerializer.Serialize(details, CronJson.Options)) { Details = details };
        }
        catch (CronValidationException ex)
        {
            throw new ToolException($"cron {action}: {ex.Message}");
        }
    }

    private async Task<object> StatusAsync(CancellationToken cancellationToken)
    {
        var cron = Cron;
        var (jobs, next) = await cron.StatusAsync(cancellationToken);
        return new { enabled = cron.Enabled, storePath = cron.StorePath, jobs, nextWakeAtMs = next };
    }

    private async Task<object> ListAsync(ToolArguments args, CancellationToken cancellationToken)
    {
        var cron = Cron;
        var page = await cron.ListAsync(args.GetBool("includeDisabled") ? "all" : "enabled", null, "nextRunAtMs", false, 0,
            Math.Clamp(args.GetInt("limit") ?? 20, 1, 200), cancellationToken);
        return new { jobs = page.Jobs, total = page.Total };
    }

    private async Task<object> RunAsync(ToolArguments args, CancellationToken cancellationToken)
    {
        var cron = Cron;
        var (runId, reason) = await cron.RunNowAsync(JobId(args), args.GetString("mode") == "due", cancellationToken);
        return runId is null ? new { ok = true, ran = false, reason } : new { ok = true, enqueued = true, runId };
    }

    private async Task<object> RunsAsync(ToolArguments args, CancellationToken cancellationToken)
    {
        var cron = Cron;
        var (entries, total) = await cron.RunsAsync(
            new CronRunQuery(args.GetString("jobId", "id"), Math.Clamp(args.GetInt("limit") ?? 20, 1, 200), 0, null, null, null, Descending: true), cancellationToken);
        return new { entries, total };
    }

    private static string JobId(ToolArguments args) => args.GetString("jobId", "id") is { Length: > 0 } id
        ? id
        : throw new ToolException("cron: jobId is required for this action (see action \"list\" for the ids).");

    private static JsonElement RequireObject(ToolArguments args, string name) =>
        args.TryGet(name, [], out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : throw new ToolException($"cron: '{name}' must be an object.");

    /// <summary>The calling agent, and for announcements without a target the conversation the request came from.</summary>
    private static JsonElement WithContextDefaults(JsonElement job, ToolContext context)
    {
        var node = JsonNode.Parse(job.GetRawText())!.AsObject();
        node["agentId"] ??= context.AgentId;
        var isolated = node["sessionTarget"]?.GetValue<string>() is { } target && target != CronTargets.Main;
        if (isolated && context.Channel is { } channel && context.To is { } to)
        {
            var delivery = node["delivery"] as JsonObject;
            if (delivery is null)
            {
                node["delivery"] = new JsonObject { ["mode"] = CronDeliveryModes.Announce, ["channel"] = channel, ["to"] = to, ["accountId"] = context.AccountId };
            }
            else if (delivery["mode"]?.GetValue<string>() == CronDeliveryModes.Announce && delivery["to"] is null)
            {
                if (delivery["channel"]?.GetValue<string>() is null or "last")
                {
                    delivery["channel"] = channel;
                }

                delivery["to"] = to;
                delivery["accountId"] ??= context.AccountId;
            }
        }

        return JsonSerializer.SerializeToElement(node);
    }
}
