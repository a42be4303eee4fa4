using System.Globalization;

namespace OpenClaw.Gateway.Http;

/// <summary>Bearer shared-secret auth for HTTP APIs with the failed-auth limiter (401, then 429 + Retry-After).</summary>
public static class GatewayAuthFilter
{
    public static TBuilder RequireGatewayAuth<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(static async (context, next) =>
        {
            var http = context.HttpContext;
            var auth = http.RequestServices.GetRequiredService<GatewayAuth>();
            if (auth.Mode == "none")
            {
                return await next(context).ConfigureAwait(false);
            }

            var limiter = http.RequestServices.GetRequiredService<AuthRateLimiter>();
            var client = http.Connection.RemoteIpAddress;
            if (limiter.RetryAfter(client) is { } wait)
            {
                return TooManyAttempts(http, wait);
            }

            var header = http.Request.Headers.Authorization.ToString();
            var presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
            if (auth.Verify(presented))
            {
                limiter.RecordSuccess(client);
                return await next(context).ConfigureAwait(false);
            }

            if (limiter.RecordFailure(client) is { } lockout)
            {
                return TooManyAttempts(http, lockout);
            }

            return OpenAiErrors.Create(StatusCodes.Status401Unauthorized, "Unauthorized: send Authorization: Bearer <gateway token or password>", "invalid_api_key", "authentication_error");
        });

    private static IResult TooManyAttempts(HttpContext http, TimeSpan wait)
    {
        http.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return OpenAiErrors.Create(StatusCodes.Status429TooManyRequests, "too many failed authentication attempts (retry later)", "rate_limited", "rate_limit_error");
    }
}

/// <summary>OpenAI-style error bodies: <c>{"error":{"message","type","code"}}</c>.</summary>
public static class OpenAiErrors
{
    public static IResult Create(int status, string message, string? code = null, string type = "invalid_request_error") =>
        Results.Json(new { error = new { message, type, code } }, statusCode: status);
}
