using System.Reflection;

namespace OpenClaw.Gateway.Protocol;

/// <summary>Identity of this gateway process: version, boot id, start time, instance id.</summary>
public sealed class GatewayInstance(TimeProvider clock)
{
    /// <summary>The upstream release whose protocol and payloads this gateway follows.</summary>
    public const string CompatibleVersion = "2026.9.6";

    public string Version => CompatibleVersion;

    public string BuildId { get; } = "openclaw-dotnet-" + (typeof(GatewayInstance).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0");

    public string BootId { get; } = Guid.NewGuid().ToString();

    public string InstanceId { get; } = Guid.NewGuid().ToString();

    public long StartedAtMs { get; } = clock.GetUtcNow().ToUnixTimeMilliseconds();

    public long UptimeMs => clock.GetUtcNow().ToUnixTimeMilliseconds() - StartedAtMs;
}
