using OpenClaw.Contracts.Protocol;

namespace OpenClaw.Gateway.Security;

/// <summary>
/// Why a connect was refused: the response error (code, message, details) and the WebSocket close
/// that follows it (1008 with a reason, or 1002 for a protocol mismatch), worded as upstream.
/// </summary>
public sealed record AuthFailure(string ErrorCode, string Message, IReadOnlyDictionary<string, object?>? Details, int CloseCode, string CloseReason)
{
    /// <summary>Counts toward the failed-auth rate limit (wrong or missing shared secret, bad device token).</summary>
    public bool CountsAsFailedAttempt { get; init; }

    public long? RetryAfterMs { get; init; }

    public bool? Retryable { get; init; }

    public ErrorShape ToError() => new()
    {
        Code = ErrorCode,
        Message = Message,
        Details = Details,
        Retryable = Retryable,
        RetryAfterMs = RetryAfterMs,
    };

    public static AuthFailure Credentials(string detailCode, string authReason, string message, string nextStep) =>
        new(ErrorCodes.InvalidRequest, message, new Dictionary<string, object?>
        {
            ["code"] = detailCode,
            ["authReason"] = authReason,
            ["canRetryWithDeviceToken"] = false,
            ["recommendedNextStep"] = nextStep,
        }, CloseCodes.PolicyViolation, message)
        {
            CountsAsFailedAttempt = true,
        };

    public static AuthFailure Device(string detailCode, string reason, string message) =>
        new(ErrorCodes.InvalidRequest, message, new Dictionary<string, object?> { ["code"] = detailCode, ["reason"] = reason },
            CloseCodes.PolicyViolation, message);

    public static AuthFailure Invalid(string message) =>
        new(ErrorCodes.InvalidRequest, message, null, CloseCodes.PolicyViolation, Truncate(message));

    public static AuthFailure RateLimited(long retryAfterMs)
    {
        const string message = "unauthorized: too many failed authentication attempts (retry later)";
        return new(ErrorCodes.InvalidRequest, message, new Dictionary<string, object?>
        {
            ["code"] = AuthDetailCodes.RateLimited,
            ["authReason"] = "rate_limited",
            ["canRetryWithDeviceToken"] = false,
            ["recommendedNextStep"] = RecommendedNextSteps.WaitThenRetry,
        }, CloseCodes.PolicyViolation, message)
        {
            RetryAfterMs = retryAfterMs,
            Retryable = true,
        };
    }

    /// <summary>WebSocket close reasons are limited to 123 UTF-8 bytes.</summary>
    public static string Truncate(string reason) => reason.Length <= 120 ? reason : reason[..120];
}
