using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using OpenClaw.AppHost.Orchestration;

namespace OpenClaw.AppHost.ResourceService;

/// <summary>
/// What the dashboard asks the AppHost for (Aspire's DashboardService, as JSON over HTTP on
/// loopback): resource snapshots, console logs and commands. Callers send
/// <c>x-resource-service-api-key</c>.
/// </summary>
public static class ResourceServiceApi
{
    public const string ApiKeyHeader = "x-resource-service-api-key";

    public static IEndpointRouteBuilder MapResourceService(this IEndpointRouteBuilder app, string apiKey)
    {
        var group = app.MapGroup("/resource-service")
            .AddEndpointFilter(async (context, next) =>
                IsAuthorized(context.HttpContext.Request.Headers[ApiKeyHeader].ToString(), apiKey)
                    ? await next(context).ConfigureAwait(false)
                    : Results.Unauthorized());

        group.MapGet("/resources", GetResources);
        group.MapGet("/resources/{name}/console", GetConsoleLogs);
        group.MapPost("/resources/{name}/commands/{command}", ExecuteCommand);
        return app;
    }

    private static Ok<List<ResourceSnapshot>> GetResources(Orchestrator orchestrator) =>
        TypedResults.Ok(orchestrator.Resources.Select(r => r.Snapshot()).ToList());

    private static Results<Ok<IReadOnlyList<ConsoleLine>>, NotFound> GetConsoleLogs(string name, long? after, Orchestrator orchestrator) =>
        orchestrator.Find(name) is { } runtime
            ? TypedResults.Ok(runtime.Logs.After(after ?? 0))
            : TypedResults.NotFound();

    private static async Task<Results<Accepted, NotFound, BadRequest<string>>> ExecuteCommand(string name, string command, Orchestrator orchestrator)
    {
        if (orchestrator.Find(name) is not { } runtime)
        {
            return TypedResults.NotFound();
        }

        switch (command)
        {
            case "restart":
            case "start":
                // Runs in the background; the dashboard watches the state change.
                _ = Task.Run(() => orchestrator.RestartAsync(runtime));
                return TypedResults.Accepted((string?)null);
            case "stop":
                _ = Task.Run(() => orchestrator.StopAsync(runtime));
                return TypedResults.Accepted((string?)null);
            default:
                await Task.CompletedTask.ConfigureAwait(false);
                return TypedResults.BadRequest($"Unknown command '{command}': use restart, start or stop.");
        }
    }

    private static bool IsAuthorized(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
}
