using System.ClientModel;
using System.Net;
using System.Reflection;

namespace OpenClaw.Gateway.Models;

/// <summary>Maps provider SDK exceptions to failover reasons; null means "do not fail over" (e.g. a bad request).</summary>
public static class ModelErrorClassifier
{
    public static FailoverReason? Classify(Exception exception)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            if (StatusOf(ex) is { } status)
            {
                return status switch
                {
                    429 => FailoverReason.RateLimit,
                    529 or 503 => FailoverReason.Overloaded,
                    401 or 403 => FailoverReason.Auth,
                    402 => FailoverReason.Billing,
                    408 or 504 => FailoverReason.Timeout,
                    >= 500 => FailoverReason.ServerError,
                    _ => null,
                };
            }

            var name = ex.GetType().Name;
            var message = ex.Message;
            if (name.Contains("RateLimit", StringComparison.Ordinal) || message.Contains("rate limit", StringComparison.OrdinalIgnoreCase) || message.Contains("resource exhausted", StringComparison.OrdinalIgnoreCase))
            {
                return FailoverReason.RateLimit;
            }

            if (name.Contains("Overloaded", StringComparison.Ordinal) || message.Contains("overloaded", StringComparison.OrdinalIgnoreCase))
            {
                return FailoverReason.Overloaded;
            }

            if (ex is TimeoutException || name.Contains("Timeout", StringComparison.Ordinal))
            {
                return FailoverReason.Timeout;
            }

            if (name.Contains("5xx", StringComparison.Ordinal) || name.Contains("ServiceUnavailable", StringComparison.Ordinal))
            {
                return FailoverReason.ServerError;
            }

            if (ex is HttpRequestException { StatusCode: null } or IOException)
            {
                return FailoverReason.ServerError; // connection refused / reset: the endpoint is down.
            }
        }

        return null;
    }

    /// <summary>The error kind shown on chat error events: refusal | timeout | rate_limit | context_length | unknown.</summary>
    public static string ErrorKindOf(Exception exception) => Classify(exception) switch
    {
        FailoverReason.RateLimit => "rate_limit",
        FailoverReason.Timeout => "timeout",
        _ => exception.Message.Contains("context", StringComparison.OrdinalIgnoreCase) && exception.Message.Contains("length", StringComparison.OrdinalIgnoreCase) ? "context_length" : "unknown",
    };

    private static int? StatusOf(Exception ex) => ex switch
    {
        ClientResultException c when c.Status > 0 => c.Status,
        HttpRequestException { StatusCode: { } code } => (int)code,
        _ => ex.GetType().GetProperty("StatusCode", BindingFlags.Public | BindingFlags.Instance)?.GetValue(ex) switch
        {
            HttpStatusCode code => (int)code,
            int code => code,
            _ => null,
        },
    };
}
