using System.Text.Json;
using OpenClaw.Contracts.Protocol;
using OpenClaw.Gateway.Security;

namespace OpenClaw.Gateway.Protocol;

/// <summary>
/// Shape checks of the <c>connect</c> params, worded like upstream's schema errors
/// ("invalid connect params: at /client/id: must be equal to one of the allowed values").
/// </summary>
public static class ConnectValidation
{
    public const int MinSupportedProtocol = 3;
    public const int MaxSupportedProtocol = 4;

    public static AuthFailure? Validate(JsonElement? raw, out ConnectParams? parameters)
    {
        parameters = null;
        if (raw is not { ValueKind: JsonValueKind.Object } element)
        {
            return Invalid("at /params: must be object");
        }

        var error = RequireInt(element, "minProtocol") ?? RequireInt(element, "maxProtocol");
        JsonElement client = default;
        error ??= RequireObject(element, "client", out client);
        if (error is not null)
        {
            return error;
        }

        error = RequireString(client, "id", "/client/id") ?? RequireString(client, "version", "/client/version")
            ?? RequireString(client, "platform", "/client/platform") ?? RequireString(client, "mode", "/client/mode");
        if (error is not null)
        {
            return error;
        }

        if (!ClientIds.Known.Contains(client.GetProperty("id").GetString()!))
        {
            return Invalid("at /client/id: must be equal to one of the allowed values");
        }

        if (!ClientModes.Known.Contains(client.GetProperty("mode").GetString()!))
        {
            return Invalid("at /client/mode: must be equal to one of the allowed values");
        }

        if (element.TryGetProperty("role", out var role) && (role.ValueKind != JsonValueKind.String
            || role.GetString() is not (GatewayRoles.Operator or GatewayRoles.Node or GatewayRoles.Worker)))
        {
            return Invalid("at /role: must be equal to one of the allowed values");
        }

        if (element.TryGetProperty("scopes", out var scopes) && (scopes.ValueKind != JsonValueKind.Array
            || scopes.EnumerateArray().Any(s => s.ValueKind != JsonValueKind.String)))
        {
            return Invalid("at /scopes: must be array of strings");
        }

        if (element.TryGetProperty("auth", out var auth) && auth.ValueKind != JsonValueKind.Object)
        {
            return Invalid("at /auth: must be object");
        }

        if (element.TryGetProperty("device", out var device))
        {
            if (device.ValueKind != JsonValueKind.Object)
            {
                return Invalid("at /device: must be object");
            }

            error = RequireString(device, "id", "/device/id") ?? RequireString(device, "publicKey", "/device/publicKey")
                ?? RequireString(device, "signature", "/device/signature") ?? RequireString(device, "nonce", "/device/nonce");
            if (error is not null)
            {
                return error;
            }

            if (!device.TryGetProperty("signedAt", out var signedAt) || signedAt.ValueKind != JsonValueKind.Number || !signedAt.TryGetInt64(out _))
            {
                return Invalid("at /device/signedAt: must be integer");
            }
        }

        try
        {
            parameters = element.Deserialize<ConnectParams>(ProtocolJson.Options);
        }
        catch (JsonException ex)
        {
            return Invalid($"at {ex.Path ?? "/"}: invalid value");
        }

        return parameters is null ? Invalid("at /params: must be object") : null;
    }

    /// <summary>The highest version both sides speak, or null.</summary>
    public static int? Negotiate(ConnectParams p)
    {
        var high = Math.Min(p.MaxProtocol, MaxSupportedProtocol);
        var low = Math.Max(p.MinProtocol, MinSupportedProtocol);
        return high >= low ? high : null;
    }

    public static AuthFailure ProtocolMismatch(ConnectParams p) =>
        new(ErrorCodes.InvalidRequest, "protocol mismatch", new Dictionary<string, object?>
        {
            ["code"] = "PROTOCOL_MISMATCH",
            ["clientMinProtocol"] = p.MinProtocol,
            ["clientMaxProtocol"] = p.MaxProtocol,
            ["expectedProtocol"] = MaxSupportedProtocol,
            ["minimumProbeProtocol"] = MinSupportedProtocol,
        }, 1002, "protocol mismatch");

    private static AuthFailure Invalid(string what) => AuthFailure.Invalid($"invalid connect params: {what}");

    private static AuthFailure? RequireInt(JsonElement element, string name) =>
        element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out _)
            ? null
            : Invalid($"at /{name}: must be integer");

    private static AuthFailure? RequireObject(JsonElement element, string name, out JsonElement value)
    {
        if (element.TryGetProperty(name, out value) && value.ValueKind == JsonValueKind.Object)
        {
            return null;
        }

        return element.TryGetProperty(name, out _) ? Invalid($"at /{name}: must be object") : Invalid($"must have required property '{name}'");
    }

    private static AuthFailure? RequireString(JsonElement element, string name, string path) =>
        element.TryGetProperty(name, out var v)
            ? v.ValueKind == JsonValueKind.String && v.GetString()!.Length <= 4096 ? null : Invalid($"at {path}: must be string")
            : Invalid($"at {ParentOf(path)}: must have required property '{name}'");

    private static string ParentOf(string path) => path.LastIndexOf('/') is > 0 and var cut ? path[..cut] : "root";
}
