using System.Text.Json;

namespace OpenClaw.Gateway.Models;

/// <summary>
/// Reads model credentials from <c>~/.openclaw/agents/&lt;agentId&gt;/agent/auth-profiles.json</c> (spec §12.4), as written
/// by upstream's onboarding: profiles keyed <c>provider:default</c> / <c>provider:&lt;email&gt;</c> with
/// <c>type: "api_key"</c> (<c>key</c>) or <c>type: "token"</c> (<c>token</c>). The <c>provider:default</c> profile wins.
/// </summary>
public static class AuthProfiles
{
    public const string FileName = "auth-profiles.json";

    public static string? KeyFor(string agentDir, string provider)
    {
        var path = Path.Combine(agentDir, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var profiles = doc.RootElement.TryGetProperty("profiles", out var p) && p.ValueKind == JsonValueKind.Object ? p : doc.RootElement;
            string? fallback = null;
            foreach (var profile in profiles.EnumerateObject())
            {
                if (profile.Value.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                var owner = profile.Value.TryGetProperty("provider", out var pv) && pv.ValueKind == JsonValueKind.String ? pv.GetString() : profile.Name.Split(':')[0];
                if (!string.Equals(owner, provider, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var secret = Text(profile.Value, "key") ?? Text(profile.Value, "token");
                if (secret is null)
                {
                    continue;
                }

                if (profile.Name.Equals($"{provider}:default", StringComparison.OrdinalIgnoreCase))
                {
                    return secret;
                }

                fallback ??= secret;
            }

            return fallback;
        }
        catch (JsonException)
        {
            return null; // a broken file must not stop env/config keys from working
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement profile, string name) =>
        profile.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;
}
