using System.Text.Json;
using OpenClaw.Contracts.Protocol;

namespace OpenClaw.Gateway.Protocol;

/// <summary>A method handler: returns the final payload, or throws <see cref="GatewayMethodException"/>.</summary>
public delegate Task<object?> GatewayMethodHandler(MethodContext context);

/// <summary>Everything a handler needs about one request.</summary>
public sealed class MethodContext(GatewayConnection connection, string requestId, string method, JsonElement? parameters,
    IServiceProvider services, CancellationToken cancellationToken)
{
    public GatewayConnection Connection { get; } = connection;

    public string RequestId { get; } = requestId;

    public string Method { get; } = method;

    public JsonElement? Params { get; } = parameters;

    public IServiceProvider Services { get; } = services;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Sends an interim <c>res</c> (e.g. <c>agent</c>'s "accepted") before the final one.</summary>
    public Task RespondInterimAsync(object? payload) => Connection.SendResponseAsync(RequestId, payload, CancellationToken);

    /// <summary>The params as a typed record; a clear INVALID_REQUEST when they do not fit.</summary>
    public T ParamsAs<T>()
        where T : class =>
        ProtocolParams.TryRead<T>(Params, out var value, out var error)
            ? value!
            : throw GatewayMethodException.Invalid($"invalid {Method} params: {error}");

    /// <summary>A string param, or null when absent.</summary>
    public string? OptionalString(string name) => Params is { } p ? FrameReader.StringOf(p, name) : null;

    public string RequiredString(string name) =>
        OptionalString(name) is { Length: > 0 } value
            ? value
            : throw GatewayMethodException.Invalid($"invalid {Method} params: must have required property '{name}'");

    public int? OptionalInt(string name) =>
        Params is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
            && v.TryGetInt32(out var i)
            ? i
            : null;

    public bool? OptionalBool(string name) =>
        Params is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var v)
            && v.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? v.GetBoolean()
            : null;
}

/// <summary>A method's refusal, turned into a <c>res</c> with <c>ok:false</c>.</summary>
public sealed class GatewayMethodException(ErrorShape error) : Exception(error.Message)
{
    public ErrorShape Error { get; } = error;

    public static GatewayMethodException Invalid(string message, object? details = null) =>
        new(new ErrorShape { Code = ErrorCodes.InvalidRequest, Message = message, Details = details });

    public static GatewayMethodException Unavailable(string message, long? retryAfterMs = null) =>
        new(new ErrorShape { Code = ErrorCodes.Unavailable, Message = message, Retryable = true, RetryAfterMs = retryAfterMs });
}

/// <summary>Method name → handler and required scope. Filled by the <c>Methods/*.cs</c> families at startup.</summary>
public sealed class MethodRegistry
{
    private readonly Dictionary<string, GatewayMethodHandler> _handlers = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => _handlers.Keys;

    public MethodRegistry Map(string method, GatewayMethodHandler handler)
    {
        _handlers[method] = handler;
        return this;
    }

    public GatewayMethodHandler? Find(string method) => _handlers.GetValueOrDefault(method);
}
