using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace OpenClaw.Dashboard.Otlp;

/// <summary>Checks the <c>x-otlp-api-key</c> header against the primary or secondary key.</summary>
public sealed class OtlpApiKey(IOptions<DashboardOptions> options)
{
    public const string HeaderName = "x-otlp-api-key";

    public bool IsAllowed(string? presented)
    {
        var otlp = options.Value.Otlp;
        if (otlp.IsUnsecured)
        {
            return true;
        }

        return presented is { Length: > 0 } && (Matches(presented, otlp.PrimaryApiKey) || Matches(presented, otlp.SecondaryApiKey));
    }

    private static bool Matches(string presented, string? expected) =>
        expected is { Length: > 0 } && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));
}
