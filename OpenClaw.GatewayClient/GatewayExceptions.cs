using System.Text.Json;

namespace OpenClaw.GatewayClient;

/// <summary>Any failure of the gateway client; the message is one line meant for the user.</summary>
public class GatewayException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The gateway answered a request with <c>ok:false</c>.</summary>
public sealed class GatewayRequestException(string code, string message, JsonElement? details, bool retryable)
    : GatewayException(message)
{
    public string Code { get; } = code;

    public JsonElement? Details { get; } = details;

    public bool Retryable { get; } = retryable;

    /// <summary><c>details.code</c> (e.g. <c>PAIRING_REQUIRED</c>, <c>AUTH_TOKEN_MISMATCH</c>), when present.</summary>
    public string? DetailCode => DetailString("code");

    public string? DetailString(string name) =>
        Details is { ValueKind: JsonValueKind.Object } d && d.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;
}

/// <summary>The gateway could not be reached or closed the connection (close code and reason when it sent them).</summary>
public sealed class GatewayTransportException(string message, int? closeCode = null, string? reason = null, Exception? inner = null)
    : GatewayException(message, inner)
{
    public int? CloseCode { get; } = closeCode;

    public string? Reason { get; } = reason;
}
