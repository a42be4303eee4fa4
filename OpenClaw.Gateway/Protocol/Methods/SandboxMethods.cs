using OpenClaw.Contracts.Sandbox;
using OpenClaw.Gateway.Sandbox;

namespace OpenClaw.Gateway.Protocol.Methods;

/// <summary>
/// <c>sandbox.list/recreate/explain/prune</c> (spec §6.4): what <c>openclaw sandbox …</c> and the Control UI's
/// Sandboxes page call. They ask the SandboxManager over Redis with short waits, so a missing manager is a clear
/// UNAVAILABLE rather than a hung request.
/// </summary>
public static class SandboxMethods
{
    private const string ManagerUnreachable =
        "sandbox manager not reachable: start OpenClaw.SandboxManager (needs Docker) or run the AppHost";

    // Shorter than the CLI's default 10 s so its caller sees our error, not its own timeout.
    private static readonly TimeSpan ReadWait = TimeSpan.FromSeconds(7);
    private static readonly TimeSpan ChangeWait = TimeSpan.FromSeconds(30);

    public static MethodRegistry MapSandboxMethods(this MethodRegistry methods) => methods
        .Map("sandbox.list", List)
        .Map("sandbox.recreate", Recreate)
        .Map("sandbox.explain", Explain)
        .Map("sandbox.prune", Prune);

    private static async Task<object?> List(MethodContext context)
    {
        var result = await SendAsync<ListSandboxesResult>(context, new ListSandboxesRequest(), ReadWait);
        return new { containers = result.Containers };
    }

    private static async Task<object?> Recreate(MethodContext context)
    {
        var all = context.OptionalBool("all") ?? false;
        var sessionKey = context.OptionalString("sessionKey");
        var agentId = context.OptionalString("agentId");
        var given = (all ? 1 : 0) + (string.IsNullOrWhiteSpace(sessionKey) ? 0 : 1) + (string.IsNullOrWhiteSpace(agentId) ? 0 : 1);
        if (given != 1)
        {
            throw GatewayMethodException.Invalid("invalid sandbox.recreate params: give exactly one of all: true, sessionKey or agentId");
        }

        var request = new RecreateSandboxesRequest
        {
            All = all,
            SessionKey = string.IsNullOrWhiteSpace(sessionKey) ? null : sessionKey,
            AgentId = string.IsNullOrWhiteSpace(agentId) ? null : agentId.ToLowerInvariant(),
        };
        var result = await SendAsync<RecreateSandboxesResult>(context, request, ChangeWait);
        return new { removed = result.Removed };
    }

    private static async Task<object?> Prune(MethodContext context)
    {
        var request = new PruneSandboxesRequest();
        request = request with
        {
            IdleHours = context.OptionalInt("idleHours") ?? request.IdleHours,
            MaxAgeDays = context.OptionalInt("maxAgeDays") ?? request.MaxAgeDays,
        };
        var result = await SendAsync<PruneSandboxesResult>(context, request, ChangeWait);
        return new { removed = result.Removed };
    }

    /// <summary>The config view (mode, scope, access, why) for a session or agent, plus its container when sandboxed.</summary>
    private static async Task<object?> Explain(MethodContext context)
    {
        var sessionKey = context.OptionalString("sessionKey");
        var agentId = context.OptionalString("agentId") is { Length: > 0 } a ? a.ToLowerInvariant() : AgentOf(sessionKey) ?? "main";
        sessionKey = string.IsNullOrWhiteSpace(sessionKey) ? $"agent:{agentId}:main" : sessionKey;

        SandboxExplanation explanation;
        try
        {
            explanation = context.Get<SandboxResolver>().Explain(agentId, sessionKey);
        }
        catch (SandboxConfigException ex)
        {
            throw GatewayMethodException.Invalid(ex.Message);
        }

        ExplainSandboxResult? container = null;
        string? containerError = null;
        if (explanation.Context is { } sandbox)
        {
            try
            {
                container = await SendAsync<ExplainSandboxResult>(context, new ExplainSandboxRequest { Spec = sandbox.Spec }, ReadWait);
            }
            catch (GatewayMethodException ex)
            {
                containerError = ex.Message;
            }
        }

        return new
        {
            agentId = explanation.AgentId,
            sessionKey = explanation.SessionKey,
            mode = explanation.Mode,
            scope = explanation.Scope,
            workspaceAccess = explanation.WorkspaceAccess,
            sandboxed = explanation.Sandboxed,
            reason = explanation.Reason,
            containerName = explanation.Context?.Spec.ContainerName,
            image = explanation.Context?.Spec.Image,
            container,
            containerError,
        };
    }

    private static string? AgentOf(string? sessionKey) =>
        sessionKey?.Split(':') is ["agent", { Length: > 0 } agent, ..] ? agent.ToLowerInvariant() : null;

    private static async Task<T> SendAsync<T>(MethodContext context, SandboxRequest request, TimeSpan wait)
        where T : SandboxResult
    {
        var client = context.Services.GetService<ISandboxClient>();
        if (client is null)
        {
            throw GatewayMethodException.Unavailable(ManagerUnreachable);
        }

        SandboxReply reply;
        try
        {
            reply = await client.SendAsync(request, wait, context.CancellationToken);
        }
        catch (SandboxException ex) when (ex.Code is SandboxErrorCodes.Timeout or SandboxErrorCodes.RedisUnavailable)
        {
            throw GatewayMethodException.Unavailable($"{ManagerUnreachable} ({ex.Message})");
        }
        catch (InvalidOperationException ex)
        {
            // No Redis configured: the client cannot even be built.
            throw GatewayMethodException.Unavailable($"{ManagerUnreachable} ({ex.Message})");
        }

        if (reply.Ok && reply.Result is T result)
        {
            return result;
        }

        var error = reply.Error ?? new SandboxError(SandboxErrorCodes.Internal, "the SandboxManager answered without a result");
        throw error.Code is SandboxErrorCodes.DockerUnavailable
            ? GatewayMethodException.Unavailable($"sandbox manager cannot reach Docker: {error.Message}")
            : GatewayMethodException.Invalid($"sandbox manager refused: {error.Message} ({error.Code})");
    }
}
