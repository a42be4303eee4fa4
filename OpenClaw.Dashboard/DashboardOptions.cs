namespace OpenClaw.Dashboard;

/// <summary>
/// The dashboard's settings, bound from the <c>Dashboard</c> section with Aspire's key names
/// (env <c>DASHBOARD__FRONTEND__BROWSERTOKEN</c>, <c>DASHBOARD__OTLP__PRIMARYAPIKEY</c>, ...).
/// </summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";

    public FrontendOptions Frontend { get; set; } = new();

    public OtlpOptions Otlp { get; set; } = new();

    public ResourceServiceClientOptions ResourceServiceClient { get; set; } = new();

    public sealed class FrontendOptions
    {
        /// <summary>BrowserToken (default) or Unsecured.</summary>
        public string AuthMode { get; set; } = "BrowserToken";

        public string? BrowserToken { get; set; }

        public bool IsUnsecured => string.Equals(AuthMode, "Unsecured", StringComparison.OrdinalIgnoreCase);
    }

    public sealed class OtlpOptions
    {
        /// <summary>ApiKey (header x-otlp-api-key) or Unsecured.</summary>
        public string AuthMode { get; set; } = "Unsecured";

        public string? PrimaryApiKey { get; set; }

        public string? SecondaryApiKey { get; set; }

        public bool IsUnsecured => string.Equals(AuthMode, "Unsecured", StringComparison.OrdinalIgnoreCase);
    }

    public sealed class ResourceServiceClientOptions
    {
        public string? Url { get; set; }

        public string? ApiKey { get; set; }
    }
}
