using System.Text.Json;

namespace OpenClaw.Contracts.Protocol;

/// <summary>Params of the first request, <c>connect</c> (spec §1.5.4).</summary>
public sealed record ConnectParams
{
    public int MinProtocol { get; init; }

    public int MaxProtocol { get; init; }

    public ConnectClient? Client { get; init; }

    public IReadOnlyList<string>? Caps { get; init; }

    public IReadOnlyList<string>? Commands { get; init; }

    public IReadOnlyDictionary<string, bool>? Permissions { get; init; }

    public string? PathEnv { get; init; }

    public ConnectAuth? Auth { get; init; }

    public string? Role { get; init; }

    public IReadOnlyList<string>? Scopes { get; init; }

    public ConnectDevice? Device { get; init; }

    public string? Locale { get; init; }

    public string? UserAgent { get; init; }
}

/// <summary>Who is connecting; <c>id</c> and <c>mode</c> are closed enums (<see cref="ClientIds"/>, <see cref="ClientModes"/>).</summary>
public sealed record ConnectClient
{
    public string? Id { get; init; }

    public string? DisplayName { get; init; }

    public string? Version { get; init; }

    public string? Platform { get; init; }

    public string? DeviceFamily { get; init; }

    public string? ModelIdentifier { get; init; }

    public string? Mode { get; init; }

    public string? InstanceId { get; init; }
}

/// <summary>Credentials of a connect: shared token or password, a device token, or a bootstrap token.</summary>
public sealed record ConnectAuth
{
    public string? Token { get; init; }

    public string? DeviceToken { get; init; }

    public string? Password { get; init; }

    public string? BootstrapToken { get; init; }
}

/// <summary>The signed device identity (spec §1.5.5).</summary>
public sealed record ConnectDevice
{
    public string? Id { get; init; }

    public string? PublicKey { get; init; }

    public string? Signature { get; init; }

    public long? SignedAt { get; init; }

    public string? Nonce { get; init; }
}

/// <summary>Payload of the <c>connect.challenge</c> event.</summary>
public sealed record ConnectChallenge(string Nonce, long Ts)
{
    public IReadOnlyList<string>? Capabilities { get; init; }
}

public static class ClientIds
{
    public static IReadOnlySet<string> Known { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "webchat-ui", "openclaw-control-ui", "webchat", "cli", "gateway-client", "openclaw-macos", "openclaw-ios",
        "openclaw-android", "node-host", "test", "fingerprint", "openclaw-probe", "openclaw-tui",
        "openclaw-browser-copilot", "openclaw-linux", "openclaw-watchos", "openclaw-worker",
        "clawdbot-control-ui", "clawdbot-macos", "clawdbot-ios", "clawdbot-android",
    };

    /// <summary>Clients that run in a browser, which need an Origin check and a device identity.</summary>
    public static IReadOnlySet<string> Browser { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "webchat-ui", "openclaw-control-ui", "webchat", "clawdbot-control-ui", "openclaw-browser-copilot",
    };
}

public static class ClientModes
{
    public static IReadOnlySet<string> Known { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "webchat", "cli", "ui", "backend", "node", "probe", "test", "worker",
    };
}

/// <summary>Reads the params of a request into a typed record, or reports why they do not fit.</summary>
public static class ProtocolParams
{
    public static bool TryRead<T>(JsonElement? element, out T? value, out string? error)
        where T : class
    {
        value = null;
        error = null;
        if (element is not { } el || el.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            error = "params are required";
            return false;
        }

        if (el.ValueKind is not JsonValueKind.Object)
        {
            error = "params must be an object";
            return false;
        }

        try
        {
            value = el.Deserialize<T>(ProtocolJson.Options);
            if (value is null)
            {
                error = "params must be an object";
            }

            return value is not null;
        }
        catch (JsonException ex)
        {
            error = ex.Path is { Length: > 0 } path ? $"invalid params at {path}" : "invalid params";
            return false;
        }
    }
}
