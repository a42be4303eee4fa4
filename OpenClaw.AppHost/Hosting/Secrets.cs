using System.Security.Cryptography;

namespace OpenClaw.AppHost.Hosting;

/// <summary>Generated tokens and passwords: hex, so they survive URLs, headers and connection strings.</summary>
internal static class Secrets
{
    public static string NewToken(int bytes = 32) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>Env var names whose values the dashboard masks until revealed.</summary>
    public static bool IsSecretName(string name) =>
        name.StartsWith("ConnectionStrings__", StringComparison.Ordinal)
        || name.Contains("TOKEN", StringComparison.OrdinalIgnoreCase)
        || name.Contains("PASSWORD", StringComparison.OrdinalIgnoreCase)
        || name.Contains("SECRET", StringComparison.OrdinalIgnoreCase)
        || name.Contains("APIKEY", StringComparison.OrdinalIgnoreCase)
        || name.Contains("API_KEY", StringComparison.OrdinalIgnoreCase)
        || name.Equals("OTEL_EXPORTER_OTLP_HEADERS", StringComparison.Ordinal);
}
