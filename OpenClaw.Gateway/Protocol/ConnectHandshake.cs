using Microsoft.Extensions.Options;
using OpenClaw.Contracts.Protocol;
using OpenClaw.Gateway.Http;
using OpenClaw.Gateway.Security;

namespace OpenClaw.Gateway.Protocol;

/// <summary>What a successful connect was granted.</summary>
public sealed record ConnectGrant(int Protocol, string Role, IReadOnlyList<string> Scopes, string? DeviceId, HelloAuth Auth);

/// <summary>
/// Decides a <c>connect</c> (spec §1.5.4–§1.5.6, §2.1): protocol, origin, failed-auth lockout, shared
/// secret or device token, the signed device identity, and pairing. Refusals carry upstream's codes,
/// messages and close reasons.
/// </summary>
public sealed class ConnectHandshake(
    ControlPlaneSettings settings,
    IOptionsMonitor<GatewayProtocolOptions> protocol,
    SharedSecretAuthenticator secrets,
    AuthRateLimiter rateLimiter,
    DevicePairingStore pairing,
    EventBroadcaster events,
    TimeProvider clock,
    ILogger<ConnectHandshake> logger)
{
    public const string OriginNotAllowed =
        "origin not allowed (open the Control UI from the gateway host or allow it in gateway.controlUi.allowedOrigins)";

    public const string ControlUiNeedsDevice = "control ui requires device identity (use HTTPS or localhost secure context)";

    public async Task<(ConnectGrant? Grant, AuthFailure? Failure)> DecideAsync(
        ConnectParams p, string challengeNonce, GatewayConnection connection, string? origin, int localPort)
    {
        if (ConnectValidation.Negotiate(p) is not { } version)
        {
            return (null, ConnectValidation.ProtocolMismatch(p));
        }

        var client = p.Client!;
        var browser = ClientIds.Browser.Contains(client.Id!) || client.Mode is "webchat" or "ui";
        if (origin is not null && !IsOriginAllowed(origin, localPort))
        {
            return (null, new AuthFailure(ErrorCodes.InvalidRequest, OriginNotAllowed,
                new Dictionary<string, object?> { ["code"] = "CONTROL_UI_ORIGIN_NOT_ALLOWED", ["reason"] = "origin not allowed" },
                CloseCodes.PolicyViolation, OriginNotAllowed));
        }

        if (rateLimiter.RetryAfter(connection.RemoteIp) is { } retryAfter)
        {
            return (null, AuthFailure.RateLimited((long)retryAfter.TotalMilliseconds));
        }

        var role = p.Role ?? GatewayRoles.Operator;
        var scopes = (p.Scopes ?? []).Distinct(StringComparer.Ordinal).ToList();
        var auth = p.Auth;
        var presentsSecret = !string.IsNullOrEmpty(auth?.Token) || !string.IsNullOrEmpty(auth?.Password);
        var method = secrets.Mode switch
        {
            AuthModes.Password => "password",
            AuthModes.None => "none",
            _ => "token",
        };

        if (p.Device is null)
        {
            if (!presentsSecret && secrets.Mode != AuthModes.None)
            {
                return (null, new AuthFailure(ErrorCodes.NotPaired, "device identity required",
                    new Dictionary<string, object?> { ["code"] = AuthDetailCodes.DeviceIdentityRequired },
                    CloseCodes.PolicyViolation, "device identity required"));
            }

            if (Counted(secrets.Check(auth, browser), connection) is { } secretFailure)
            {
                return (null, secretFailure);
            }

            if (browser && !settings.AllowInsecureAuth && !settings.DangerouslyDisableDeviceAuth)
            {
                return (null, new AuthFailure(ErrorCodes.InvalidRequest, ControlUiNeedsDevice,
                    new Dictionary<string, object?> { ["code"] = "CONTROL_UI_DEVICE_IDENTITY_REQUIRED" },
                    CloseCodes.PolicyViolation, ControlUiNeedsDevice));
            }

            rateLimiter.RecordSuccess(connection.RemoteIp);
            return (new ConnectGrant(version, role, scopes, null, new HelloAuth { Method = method, Role = role, Scopes = scopes }), null);
        }

        if (VerifyDevice(p, challengeNonce) is { } deviceFailure)
        {
            return (null, deviceFailure);
        }

        var deviceId = p.Device.Id!;
        if (presentsSecret)
        {
            if (Counted(secrets.Check(auth, browser), connection) is { } secretFailure)
            {
                return (null, secretFailure);
            }
        }
        else if (!string.IsNullOrEmpty(auth?.DeviceToken))
        {
            switch (pairing.VerifyToken(deviceId, role, auth.DeviceToken, scopes))
            {
                case DeviceTokenCheck.Valid:
                    method = "device-token";
                    break;
                case DeviceTokenCheck.ScopeMismatch:
                    const string scopeMessage = "unauthorized: device token scope mismatch (re-pair or approve scope upgrade)";
                    return (null, Counted(AuthFailure.Credentials(AuthDetailCodes.ScopeMismatch, "scope_mismatch", scopeMessage,
                        RecommendedNextSteps.ReviewAuthConfiguration), connection));
                default:
                    const string tokenMessage = "unauthorized: device token mismatch (rotate/reissue device token)";
                    return (null, Counted(AuthFailure.Credentials(AuthDetailCodes.DeviceTokenMismatch, "device_token_mismatch",
                        tokenMessage, RecommendedNextSteps.UpdateAuthCredentials), connection));
            }
        }
        else if (secrets.Mode != AuthModes.None)
        {
            return (null, Counted(secrets.Check(auth, browser), connection));
        }

        rateLimiter.RecordSuccess(connection.RemoteIp);
        return await PairAsync(p, version, role, scopes, method, connection);
    }

    private async Task<(ConnectGrant?, AuthFailure?)> PairAsync(
        ConnectParams p, int version, string role, List<string> scopes, string method, GatewayConnection connection)
    {
        var device = p.Device!;
        var client = p.Client!;
        var rawKey = DeviceIdentity.DecodePublicKey(device.PublicKey)!;
        var candidate = new PendingPairingRequest
        {
            RequestId = "",
            DeviceId = device.Id!,
            PublicKey = Base64Url.Encode(rawKey),
            DisplayName = client.DisplayName,
            Platform = client.Platform,
            DeviceFamily = client.DeviceFamily,
            ClientId = client.Id,
            ClientMode = client.Mode,
            Role = role,
            Roles = [role],
            Scopes = scopes,
            RemoteIp = connection.RemoteIp?.ToString(),
        };

        var paired = pairing.GetPaired(device.Id!);
        var covered = paired is not null && paired.PublicKey == candidate.PublicKey && paired.Roles.Contains(role)
            && scopes.All(paired.ApprovedScopes.Contains);
        if (!covered)
        {
            if (connection.IsLocal && settings.AutoApproveLocal)
            {
                paired = pairing.ApproveSilently(candidate with { Silent = true, IsRepair = paired is not null });
                logger.LogInformation("device pairing auto-approved device={DeviceId} role={Role}", device.Id, role);
            }
            else
            {
                return (null, await RequirePairingAsync(candidate, paired));
            }
        }

        var token = pairing.EnsureToken(device.Id!, role, scopes);
        var grant = new HelloAuth
        {
            Method = method,
            Role = role,
            Scopes = scopes,
            DeviceToken = token.Token,
            IssuedAtMs = token.RotatedAtMs ?? token.CreatedAtMs,
        };
        return (new ConnectGrant(version, role, scopes, device.Id, grant), null);
    }

    private async Task<AuthFailure> RequirePairingAsync(PendingPairingRequest candidate, PairedDevice? paired)
    {
        var isRepair = paired is not null;
        var (request, created) = pairing.RequestPairing(candidate with { IsRepair = isRepair });
        if (created)
        {
            await events.BroadcastAsync("device.pair.requested", request);
        }

        var (reason, text, hint) = paired switch
        {
            null => ("not-paired", "device is not approved yet", "Approve this device from the pending pairing requests."),
            _ when paired.PublicKey != candidate.PublicKey => ("key-changed", "device identity changed and must be re-approved",
                "Review the refreshed device details, then approve the pending request."),
            _ when !paired.Roles.Contains(candidate.Role!) => ("role-upgrade", "device requests a role that is not approved",
                "Approve the role upgrade from the pending pairing requests."),
            _ => ("scope-upgrade", "device requests scopes that are not approved", "Approve the scope upgrade from the pending pairing requests."),
        };

        var details = new Dictionary<string, object?>
        {
            ["code"] = AuthDetailCodes.PairingRequired,
            ["reason"] = reason,
            ["requestId"] = request.RequestId,
            ["remediationHint"] = hint,
            ["deviceId"] = candidate.DeviceId,
            ["requestedRole"] = candidate.Role,
            ["requestedScopes"] = candidate.Scopes,
        };
        if (paired is not null)
        {
            details["approvedRoles"] = paired.Roles;
            details["approvedScopes"] = paired.ApprovedScopes;
        }

        var message = $"pairing required: {text}";
        return new AuthFailure(ErrorCodes.NotPaired, message, details, CloseCodes.PolicyViolation, $"{message} (requestId: {request.RequestId})");
    }

    private AuthFailure? VerifyDevice(ConnectParams p, string challengeNonce)
    {
        var device = p.Device!;
        var rawKey = DeviceIdentity.DecodePublicKey(device.PublicKey);
        if (rawKey is null)
        {
            return AuthFailure.Device(AuthDetailCodes.DevicePublicKeyInvalid, "device-public-key", "device public key invalid");
        }

        if (!string.Equals(DeviceIdentity.DeviceIdOf(rawKey), device.Id, StringComparison.Ordinal))
        {
            return AuthFailure.Device(AuthDetailCodes.DeviceIdMismatch, "device-id-mismatch", "device identity mismatch");
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (device.SignedAt is not { } signedAt || Math.Abs(now - signedAt) > protocol.CurrentValue.SignatureSkewMs)
        {
            return AuthFailure.Device(AuthDetailCodes.DeviceSignatureExpired, "device-signature-stale", "device signature expired");
        }

        if (string.IsNullOrEmpty(device.Nonce))
        {
            return AuthFailure.Device(AuthDetailCodes.DeviceNonceRequired, "device-nonce-missing", "device nonce required");
        }

        // The nonce was minted for this socket only, so a connect captured elsewhere cannot be replayed here.
        if (!SharedSecretAuthenticator.FixedTimeEquals(device.Nonce, challengeNonce))
        {
            return AuthFailure.Device(AuthDetailCodes.DeviceNonceMismatch, "device-nonce-mismatch", "device nonce mismatch");
        }

        var client = p.Client!;
        var fields = new DeviceAuthFields(device.Id!, client.Id!, client.Mode!, p.Role ?? GatewayRoles.Operator, p.Scopes ?? [],
            signedAt, SignedToken(p.Auth), device.Nonce, client.Platform, client.DeviceFamily);
        var valid = DeviceIdentity.Verify(rawKey, DeviceIdentity.PayloadV3(fields), device.Signature)
            || DeviceIdentity.Verify(rawKey, DeviceIdentity.PayloadV2(fields), device.Signature);
        return valid ? null : AuthFailure.Device(AuthDetailCodes.DeviceSignatureInvalid, "device-signature", "device signature invalid");
    }

    /// <summary>The credential a device signs: the shared token, else the device token, else the bootstrap token.</summary>
    public static string SignedToken(ConnectAuth? auth) =>
        new[] { auth?.Token, auth?.DeviceToken, auth?.BootstrapToken }.FirstOrDefault(t => !string.IsNullOrEmpty(t)) ?? "";

    private AuthFailure? Counted(AuthFailure? failure, GatewayConnection connection)
    {
        if (failure is { CountsAsFailedAttempt: true })
        {
            rateLimiter.RecordFailure(connection.RemoteIp);
        }

        return failure;
    }

    private bool IsOriginAllowed(string origin, int localPort)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var originUri))
        {
            return false;
        }

        if (settings.AllowedOrigins.Any(o => string.Equals(o.TrimEnd('/'), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        // The origins startup seeds: the Control UI served by this gateway on loopback. The Host header
        // is not trusted for this (DNS rebinding), as upstream does by default.
        return originUri.IsLoopback && (originUri.Port == localPort || originUri.Port == settings.ConfiguredPort);
    }
}
