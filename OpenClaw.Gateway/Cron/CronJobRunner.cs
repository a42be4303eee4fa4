using System.Net.Http.Headers;
using System.Net.Http.Json;
using OpenClaw.Gateway.Agents;
using OpenClaw.Gateway.Runs;
using OpenClaw.Gateway.Sessions;

namespace OpenClaw.Gateway.Cron;

/// <summary>What one execution of a job produced.</summary>
public sealed record CronRunOutcome(
    string Status,
    string? Error,
    string? Summary,
    string? RunId,
    string? SessionKey,
    string? SessionId,
    DeliveryOutcome Delivery,
    RunResult? Result);

/// <summary>
/// Runs one job (spec §10.1): <c>main</c> jobs put their system event into the agent's main session as a turn;
/// isolated jobs run a fresh turn in <c>cron:&lt;jobId&gt;</c> and the runner delivers the reply (announce to a chat,
/// POST to a webhook, or nothing). A failed required delivery fails the run unless <c>bestEffort</c>.
/// </summary>
public sealed class CronJobRunner(
    IAgentRunner runner,
    IAgentCatalog agents,
    ISessionStores sessions,
    ChannelAnnouncer announcer,
    CronSettings settings,
    IHttpClientFactory httpClients,
    TimeProvider time,
    ILogger<CronJobRunner> logger)
{
    private const int DefaultTimeoutSeconds = 600;

    public async Task<CronRunOutcome> RunAsync(CronJob job, string runId, long fireAtMs, CancellationToken cancellationToken)
    {
        var agent = agents.Resolve(job.AgentId);
        var isolated = job.SessionTarget != CronTargets.Main;
        var sessionKey = job.SessionTarget switch
        {
            CronTargets.Main => agent.MainSessionKey,
            CronTargets.Isolated => SessionKeys.Normalize($"cron:{job.Id}", agent.Id),
            var target => SessionKeys.Normalize(target["session:".Length..], agent.Id),
        };
        if (job.SessionTarget == CronTargets.Isolated && await sessions.For(agent.Id).GetAsync(sessionKey, cancellationToken).ConfigureAwait(false) is not null)
        {
            // Every isolated run starts from an empty context; the previous transcript is archived, not lost.
            await sessions.For(agent.Id).ResetAsync(sessionKey, cancellationToken).ConfigureAwait(false);
        }

        var message = job.Payload.Kind == CronPayloadKinds.SystemEvent
            ? $"System: [cron \"{job.Name}\"] {job.Payload.Text!.Trim()}"
            : job.Payload.Message!.Trim();
        var timeoutSeconds = job.Payload.TimeoutSeconds ?? DefaultTimeoutSeconds;
        RunResult? result;
        try
        {
            var accepted = await runner.StartAsync(new AgentRunRequest
            {
                AgentId = agent.Id,
                SessionKey = sessionKey,
                Message = message,
                RunId = runId,
                ModelOverride = isolated ? job.Payload.Model : null,
                TimeoutSeconds = job.Payload.TimeoutSeconds,
                SenderName = "cron",
            }, cancellationToken).ConfigureAwait(false);
            result = await runner.WaitAsync(accepted.RunId, TimeSpan.FromSeconds(timeoutSeconds + 30), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "cron job {JobId} could not start its agent turn", job.Id);
            return new CronRunOutcome("error", $"could not start the agent turn: {ex.Message}", null, runId, sessionKey, null, DeliveryOutcome.NotRequested, null);
        }

        if (result is null)
        {
            runner.Abort(runId, "timeout");
            return new CronRunOutcome("error", $"the agent turn did not finish within {timeoutSeconds} s", null, runId, sessionKey, null, DeliveryOutcome.NotRequested, null);
        }

        if (result.Status != "ok")
        {
            return new CronRunOutcome("error", result.Error ?? $"the agent turn ended with status {result.Status}", result.Text, runId, result.SessionKey, result.SessionId,
                DeliveryOutcome.NotRequested, result);
        }

        var delivery = await DeliverAsync(job, agent.Id, result, fireAtMs, cancellationToken).ConfigureAwait(false);
        var deliveryFailed = delivery.Status == "not-delivered" && delivery.Error is not null && !IsSilent(result.Text) && job.Delivery?.BestEffort != true;
        return new CronRunOutcome(deliveryFailed ? "error" : "ok", deliveryFailed ? $"delivery failed: {delivery.Error}" : null, result.Text, runId,
            result.SessionKey, result.SessionId, delivery, result);
    }

    private async Task<DeliveryOutcome> DeliverAsync(CronJob job, string agentId, RunResult result, long fireAtMs, CancellationToken cancellationToken)
    {
        var delivery = job.Delivery;
        switch (delivery?.Mode)
        {
            case CronDeliveryModes.Announce:
                if (IsSilent(result.Text))
                {
                    return new DeliveryOutcome("not-delivered");
                }

                // One idempotency key per job and fire time: a retried delivery is sent once by the channel worker.
                return await announcer.AnnounceAsync(agentId, delivery.Channel, delivery.To, delivery.AccountId, result.Text,
                    $"cron:{job.Id}:{fireAtMs}", cancellationToken).ConfigureAwait(false);
            case CronDeliveryModes.Webhook:
                return await PostWebhookAsync(job, result, fireAtMs, cancellationToken).ConfigureAwait(false);
            default:
                return DeliveryOutcome.NotRequested;
        }
    }

    private async Task<DeliveryOutcome> PostWebhookAsync(CronJob job, RunResult result, long fireAtMs, CancellationToken cancellationToken)
    {
        var url = job.Delivery!.To!;
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = JsonContent.Create(new
            {
                jobId = job.Id,
                jobName = job.Name,
                action = "finished",
                status = result.Status,
                summary = result.Text,
                runId = result.RunId,
                sessionKey = result.SessionKey,
                sessionId = result.SessionId,
                runAtMs = fireAtMs,
                ts = time.GetUtcNow().ToUnixTimeMilliseconds(),
                model = result.Model,
                provider = result.Provider,
            }),
        };
        if (settings.WebhookToken is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        try
        {
            using var http = httpClients.CreateClient("cron-webhook");
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                ? new DeliveryOutcome("delivered")
                : new DeliveryOutcome("not-delivered", $"webhook {new Uri(url).GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new DeliveryOutcome("not-delivered", $"webhook {new Uri(url).GetLeftPart(UriPartial.Path)} failed: {ex.Message}");
        }
    }

    private static bool IsSilent(string? text) => string.IsNullOrWhiteSpace(text) || text.Trim().Equals("NO_REPLY", StringComparison.OrdinalIgnoreCase);
}
