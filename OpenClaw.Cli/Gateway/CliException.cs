namespace OpenClaw.Cli.Gateway;

/// <summary>A failure shown to the user as one line (never a stack trace); exit code 1.</summary>
internal class CliException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The gateway answered a request with <c>ok:false</c>.</summary>
internal sealed class GatewayRequestException(string code, string message, System.Text.Json.JsonElement? details, bool retryable)
    : CliException(message)
{
    public string Code { get; } = code;

    public System.Text.Json.JsonElement? Details { get; } = details;

    public bool Retryable { get; } = retryable;
}

/// <summary>The gateway could not be reached or closed the connection.</summary>
internal sealed class GatewayTransportException(string message, string kind, string? reason = null, int? closeCode = null)
    : CliException(message)
{
    public string Kind { get; } = kind;

    public string? Reason { get; } = reason;

    public int? CloseCode { get; } = closeCode;
}
