namespace OpenClaw.GatewayClient;

public enum GatewayLinkStatus
{
    /// <summary>Not started, or stopped by the owner.</summary>
    Idle,
    Connecting,
    Connected,

    /// <summary>Lost or refused; a retry is scheduled (<see cref="GatewayLinkState.RetryAt"/>).</summary>
    Disconnected,

    /// <summary>Refused for a reason retrying cannot fix (wrong or missing secret); waits for new credentials.</summary>
    AuthFailed,
}

/// <summary>
/// What a UI shows about the link: status, the close code and reason as upstream prints them
/// (<c>disconnected (1008): pairing required</c>), and the refusal's details (pairing request id).
/// </summary>
public sealed record GatewayLinkState(GatewayLinkStatus Status)
{
    public int? CloseCode { get; init; }

    public string? CloseReason { get; init; }

    /// <summary>The error message of a refused <c>connect</c>, e.g. <c>unauthorized: gateway token mismatch (...)</c>.</summary>
    public string? Error { get; init; }

    /// <summary><c>error.details.code</c> of a refused connect (<c>PAIRING_REQUIRED</c>, <c>AUTH_TOKEN_MISMATCH</c>, ...).</summary>
    public string? DetailCode { get; init; }

    /// <summary>The pending pairing request to approve (<c>openclaw devices approve &lt;requestId&gt;</c>).</summary>
    public string? PairingRequestId { get; init; }

    public string? DeviceId { get; init; }

    public DateTimeOffset? RetryAt { get; init; }

    public int Attempt { get; init; }

    public bool PairingRequired => DetailCode == "PAIRING_REQUIRED";

    /// <summary>Upstream's wording: <c>disconnected (code): reason</c>.</summary>
    public string? DisconnectText => CloseCode is { } code ? $"disconnected ({code}): {ShortReason(CloseReason)}" : Error;

    /// <summary>The close reason without the trailing request id the gateway appends.</summary>
    private static string ShortReason(string? reason)
    {
        if (string.IsNullOrEmpty(reason))
        {
            return "no reason";
        }

        if (reason.StartsWith("pairing required", StringComparison.Ordinal))
        {
            return "pairing required";
        }

        return reason;
    }
}
