namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Naming rules for the ActivitySources and Meters of OpenClaw.NET services: every source and meter
/// named <c>OpenClaw.*</c> is collected by <see cref="Extensions.ConfigureOpenTelemetry{TBuilder}"/>.
/// </summary>
public static class OpenClawTelemetry
{
    public const string SourcePrefix = "OpenClaw.";
    public const string MeterPrefix = "OpenClaw.";

    /// <summary>Microsoft.Extensions.AI's GenAI telemetry, switched on by UseOpenTelemetry().</summary>
    public const string GenAiSourceName = "Experimental.Microsoft.Extensions.AI";
}
