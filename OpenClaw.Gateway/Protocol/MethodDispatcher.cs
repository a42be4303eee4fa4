using System.Text.Json;
using OpenClaw.Contracts.Protocol;

namespace OpenClaw.Gateway.Protocol;

/// <summary>
/// Turns one frame from an authenticated client into a response: frame checks (worded like
/// upstream's "invalid request frame: ..."), unknown methods, role and scope checks, then the handler.
/// </summary>
public sealed class MethodDispatcher(MethodRegistry methods, IServiceProvider services, ILogger<MethodDispatcher> logger)
{
    /// <summary>The id upstream answers with when a frame has no usable id.</summary>
    public const string InvalidId = "invalid";

    private const int MaxIdLength = 512;

    public async Task DispatchAsync(GatewayConnection connection, byte[] data, CancellationToken cancellationToken)
    {
        using var doc = FrameReader.TryParse(data);
        if (doc is null)
        {
            await connection.SendErrorAsync(InvalidId, Invalid("invalid request frame: not valid JSON"), cancellationToken);
            return;
        }

        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            await connection.SendErrorAsync(InvalidId, Invalid("invalid request frame: must be object"), cancellationToken);
            return;
        }

        var problems = new List<string>();
        var id = FrameReader.StringOf(root, "id") is { Length: > 0 and <= MaxIdLength } s ? s : null;
        if (id is null)
        {
            problems.Add(root.TryGetProperty("id", out _) ? "at /id: must be non-empty string" : "must have required property 'id'");
        }

        if (FrameReader.StringOf(root, "type") != FrameTypes.Request)
        {
            problems.Add("at /type: must be equal to constant");
        }

        var method = FrameReader.StringOf(root, "method");
        if (method is not { Length: > 0 and <= 256 })
        {
            problems.Add("must have required property 'method'");
        }

        if (problems.Count > 0)
        {
            await connection.SendErrorAsync(id ?? InvalidId, Invalid($"invalid request frame: {string.Join("; ", problems)}"), cancellationToken);
            return;
        }

        if (method == "connect")
        {
            await connection.SendErrorAsync(id!, Invalid("connect is only valid as the first request"), cancellationToken);
            return;
        }

        var handler = methods.Find(method!);
        if (handler is null)
        {
            await connection.SendErrorAsync(id!, Invalid($"unknown method: {method}"), cancellationToken);
            return;
        }

        if (connection.Role != GatewayRoles.Operator)
        {
            await connection.SendErrorAsync(id!, new ErrorShape { Code = ErrorCodes.Forbidden, Message = $"unauthorized role: {connection.Role}" },
                cancellationToken);
            return;
        }

        var scope = MethodScopes.Required(method!);
        if (!connection.HasScope(scope))
        {
            await connection.SendErrorAsync(id!, MethodScopes.MissingScope(scope), cancellationToken);
            return;
        }

        JsonElement? parameters = root.TryGetProperty("params", out var p) ? p.Clone() : null;
        try
        {
            var payload = await handler(new MethodContext(connection, id!, method!, parameters, services, cancellationToken));
            await connection.SendResponseAsync(id!, payload, cancellationToken);
        }
        catch (GatewayMethodException ex)
        {
            await connection.SendErrorAsync(id!, ex.Error, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "method {Method} failed", method);
            await connection.SendErrorAsync(id!, new ErrorShape { Code = ErrorCodes.Unavailable, Message = $"{method} failed: {ex.Message}" },
                cancellationToken);
        }
    }

    private static ErrorShape Invalid(string message) => new() { Code = ErrorCodes.InvalidRequest, Message = message };
}
