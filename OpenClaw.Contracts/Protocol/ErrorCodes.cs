namespace OpenClaw.Contracts.Protocol;

/// <summary>Top-level <c>error.code</c> values (spec §1.5.2).</summary>
public static class ErrorCodes
{
    public const string NotLinked = "NOT_LINKED";
    public const string NotPaired = "NOT_PAIRED";
    public const string AgentTimeout = "AGENT_TIMEOUT";
    public const string Forbidden = "FORBIDDEN";
    public const string InvalidRequest = "INVALID_REQUEST";
    public const string Unavailable = "UNAVAILABLE";
}

/// <summary><c>error.details.code</c> values of a refused <c>connect</c> and of scope checks.</summary>
public static class AuthDetailCodes
{
    public const string TokenMissing = "AUTH_TOKEN_MISSING";
    public const string TokenMismatch = "AUTH_TOKEN_MISMATCH";
    public const string PasswordMissing = "AUTH_PASSWORD_MISSING";
    public const string PasswordMismatch = "AUTH_PASSWORD_MISMATCH";
    public const string BootstrapTokenInvalid = "AUTH_BOOTSTRAP_TOKEN_INVALID";
    public const string DeviceTokenMismatch = "AUTH_DEVICE_TOKEN_MISMATCH";
    public const string ScopeMismatch = "AUTH_SCOPE_MISMATCH";
    public const string RateLimited = "AUTH_RATE_LIMITED";
    public const string PairingRequired = "PAIRING_REQUIRED";
    public const string DeviceIdentityRequired = "DEVICE_IDENTITY_REQUIRED";
    public const string DeviceNonceRequired = "DEVICE_AUTH_NONCE_REQUIRED";
    public const string DeviceNonceMismatch = "DEVICE_AUTH_NONCE_MISMATCH";
    public const string DeviceSignatureInvalid = "DEVICE_AUTH_SIGNATURE_INVALID";
    public const string DeviceSignatureExpired = "DEVICE_AUTH_SIGNATURE_EXPIRED";
    public const string DeviceIdMismatch = "DEVICE_AUTH_DEVICE_ID_MISMATCH";
    public const string DevicePublicKeyInvalid = "DEVICE_AUTH_PUBLIC_KEY_INVALID";
    public const string OriginNotAllowed = "ORIGIN_NOT_ALLOWED";
    public const string MissingScope = "MISSING_SCOPE";
}

/// <summary><c>error.details.recommendedNextStep</c> values.</summary>
public static class RecommendedNextSteps
{
    public const string RetryWithDeviceToken = "retry_with_device_token";
    public const string UpdateAuthConfiguration = "update_auth_configuration";
    public const string UpdateAuthCredentials = "update_auth_credentials";
    public const string WaitThenRetry = "wait_then_retry";
    public const string ReviewAuthConfiguration = "review_auth_configuration";
}

/// <summary>WebSocket close codes clients see (spec §1.5.3).</summary>
public static class CloseCodes
{
    public const int PolicyViolation = 1008;
    public const int MessageTooBig = 1009;
    public const int GoingAway = 1001;
    public const int TickTimeout = 4000;
    public const int ConnectFailed = 4008;
}
