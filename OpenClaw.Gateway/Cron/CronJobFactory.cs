using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenClaw.Gateway.Cron;

/// <summary>
/// Builds jobs from <c>cron.add</c> / tool input and applies <c>cron.update</c> patches, checking what upstream checks:
/// <c>main</c> jobs carry a <c>systemEvent</c>, <c>isolated</c> jobs an <c>agentTurn</c>; webhook delivery needs an http(s)
/// URL; one-shot jobs delete after success unless told otherwise; isolated jobs announce by default.
/// </summary>
public static class CronJobFactory
{
    private static readonly HashSet<string> ReadOnlyFields = new(StringComparer.Ordinal) { "id", "createdAtMs", "updatedAtMs", "state" };

    public static CronJob Create(JsonElement input, long nowMs)
    {
        if (input.ValueKind != JsonValueKind.Object)
        {
            throw new CronValidationException("a job must be a JSON object with name, schedule, sessionTarget and payload");
        }

        var job = Deserialize(input);
        job.Id = Guid.NewGuid().ToString();
        job.CreatedAtMs = nowMs;
        job.UpdatedAtMs = nowMs;
        job.State = new CronJobState();
        if (input.TryGetProperty("enabled", out var enabled) && enabled.ValueKind is JsonValueKind.False)
        {
            job.Enabled = false;
        }

        ApplyDefaults(job);
        Validate(job, nowMs);
        return job;
    }

    /// <summary>A patched copy of <paramref name="job"/> (objects merge, null deletes, arrays replace); id, times and state are kept.</summary>
    public static CronJob Patch(CronJob job, JsonElement patch, long nowMs)
    {
        if (patch.ValueKind != JsonValueKind.Object)
        {
            throw new CronValidationException("patch must be a JSON object of the fields to change");
        }

        var node = JsonSerializer.SerializeToNode(job, CronJson.Options)!.AsObject();
        foreach (var property in patch.EnumerateObject())
        {
            if (ReadOnlyFields.Contains(property.Name))
            {
                continue;
            }

            Merge(node, property.Name, JsonNode.Parse(property.Value.GetRawText()));
        }

        var patched = Deserialize(JsonSerializer.SerializeToElement(node, CronJson.Options));
        patched.Id = job.Id;
        patched.CreatedAtMs = job.CreatedAtMs;
        patched.UpdatedAtMs = nowMs;
        patched.State = job.State;
        ApplyDefaults(patched);
        Validate(patched, nowMs);
        return patched;
    }

    public static void Validate(CronJob job, long nowMs)
    {
        if (string.IsNullOrWhiteSpace(job.Name))
        {
            throw new CronValidationException("name is required (a short label such as \"Morning brief\")");
        }

        CronScheduleCalculator.Validate(job.Schedule, nowMs);
        var target = job.SessionTarget;
        if (target is not (CronTargets.Main or CronTargets.Isolated) && !target.StartsWith("session:", StringComparison.Ordinal))
        {
            throw new CronValidationException($"sessionTarget '{target}' is not known; use \"main\", \"isolated\" or \"session:<name>\"");
        }

        if (job.WakeMode is not ("now" or "next-heartbeat"))
        {
            throw new CronValidationException($"wakeMode '{job.WakeMode}' is not known; use \"now\" or \"next-heartbeat\"");
        }

        switch (job.Payload.Kind)
        {
            case CronPayloadKinds.SystemEvent:
                if (string.IsNullOrWhiteSpace(job.Payload.Text))
                {
                    throw new CronValidationException("payload.text is required for a systemEvent payload");
                }

                if (target != CronTargets.Main)
                {
                    throw new CronValidationException("a systemEvent payload needs sessionTarget \"main\"; use an agentTurn payload for isolated jobs");
                }

                break;
            case CronPayloadKinds.AgentTurn:
                if (string.IsNullOrWhiteSpace(job.Payload.Message))
                {
                    throw new CronValidationException("payload.message is required for an agentTurn payload");
                }

                if (target == CronTargets.Main)
                {
                    throw new CronValidationException("an agentTurn payload needs sessionTarget \"isolated\" (or session:<name>); use a systemEvent payload for the main session");
                }

                if (job.Payload.TimeoutSeconds is <= 0)
                {
                    throw new CronValidationException("payload.timeoutSeconds must be a positive number of seconds");
                }

                break;
            default:
                throw new CronValidationException($"payload.kind '{job.Payload.Kind}' is not known; use \"systemEvent\" or \"agentTurn\"");
        }

        if (job.Delivery is { } delivery)
        {
            switch (delivery.Mode)
            {
                case CronDeliveryModes.None or CronDeliveryModes.Announce:
                    break;
                case CronDeliveryModes.Webhook:
                    if (!Uri.TryCreate(delivery.To, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                    {
                        throw new CronValidationException("delivery.to must be an http(s) URL when delivery.mode is \"webhook\"");
                    }

                    break;
                default:
                    throw new CronValidationException($"delivery.mode '{delivery.Mode}' is not known; use \"none\", \"announce\" or \"webhook\"");
            }
        }
    }

    private static void ApplyDefaults(CronJob job)
    {
        job.Name = job.Name?.Trim() ?? "";
        job.SessionTarget = string.IsNullOrWhiteSpace(job.SessionTarget) ? CronTargets.Main : job.SessionTarget.Trim();
        job.WakeMode = string.IsNullOrWhiteSpace(job.WakeMode) ? "now" : job.WakeMode.Trim();
        if (job.Schedule.Kind == "at")
        {
            job.DeleteAfterRun ??= true;
        }

        if (job.Delivery is null && job.Payload.Kind == CronPayloadKinds.AgentTurn)
        {
            // Legacy payload-level delivery fields, else the isolated default: announce the summary to the last route.
            job.Delivery = job.Payload.Deliver == false
                ? new CronDelivery { Mode = CronDeliveryModes.None }
                : new CronDelivery { Mode = CronDeliveryModes.Announce, Channel = job.Payload.Channel ?? "last", To = job.Payload.To, BestEffort = job.Payload.BestEffortDeliver };
        }
    }

    private static CronJob Deserialize(JsonElement input)
    {
        try
        {
            var job = input.Deserialize<CronJob>(CronJson.Options) ?? throw new CronValidationException("a job must be a JSON object");
            job.Schedule ??= new CronSchedule();
            job.Payload ??= new CronPayload();
            job.State ??= new CronJobState();
            return job;
        }
        catch (JsonException ex)
        {
            throw new CronValidationException($"job field {ex.Path?.TrimStart('$', '.')} has the wrong type: {ex.Message.Split('.')[0]}");
        }
    }

    private static void Merge(JsonObject target, string name, JsonNode? value)
    {
        if (value is null)
        {
            target.Remove(name);
            return;
        }

        if (value is JsonObject patchObject && target[name] is JsonObject existing)
        {
            foreach (var (key, child) in patchObject.ToList())
            {
                patchObject.Remove(key);
                Merge(existing, key, child);
            }

            return;
        }

        target[name] = value;
    }
}
