using OpenClaw.Contracts.Protocol;

namespace OpenClaw.GatewayClient;

/// <summary>How a client presents itself in <c>connect</c> (spec §1.5.4); <c>ClientId</c> is upstream's closed enum.</summary>
public sealed record ClientHello(string Role, IReadOnlyList<string> Scopes)
{
    public string ClientId { get; init; } = "cli";

    public string Mode { get; init; } = "cli";

    public string Version { get; init; } = ClientVersion.Current;

    public string? DisplayName { get; init; }

    /// <summary>Trimmed and lower-cased into the v3 signature; defaults to this process's OS.</summary>
    public string Platform { get; init; } = OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "darwin" : "win32";

    public string DeviceFamily { get; init; } = OperatingSystem.IsLinux() ? "Linux" : OperatingSystem.IsMacOS() ? "Mac" : "Windows";

    public string? UserAgent { get; init; }

    public IReadOnlyList<string> Caps { get; init; } = [];

    public int MinProtocol { get; init; } = 3;

    public int MaxProtocol { get; init; } = 4;

    /// <summary>What the Control UI asks for (spec §8.1).</summary>
    public static ClientHello ControlUi(string platform, string deviceFamily, string? userAgent) =>
        new(GatewayRoles.Operator, [OperatorScopes.Admin, OperatorScopes.Read, OperatorScopes.Write, OperatorScopes.Approvals, OperatorScopes.Pairing])
        {
            ClientId = "openclaw-control-ui",
            Mode = "webchat",
            Platform = platform,
            DeviceFamily = deviceFamily,
            UserAgent = userAgent,
            Caps = ["tool-events"],
        };
}

public static class ClientVersion
{
    /// <summary>The upstream release whose client behaviour this follows.</summary>
    public const string Current = "2026.9.6";
}
