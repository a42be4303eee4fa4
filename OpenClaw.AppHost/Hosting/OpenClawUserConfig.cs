using System.Text.Json;

namespace OpenClaw.AppHost.Hosting;

/// <summary>
/// The parts of the user's OpenClaw config (<c>~/.openclaw/openclaw.json</c> or
/// <c>OPENCLAW_CONFIG_PATH</c>, JSON5) that decide what the AppHost starts.
/// </summary>
public sealed record OpenClawUserConfig(string Path, IReadOnlyList<string> EnabledChannels, string? GatewayToken, string? Problem, string? GatewayMode = null)
{
    private static readonly JsonDocumentOptions Json5ish = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static string DefaultPath()
    {
        var overridePath = System.Environment.GetEnvironmentVariable("OPENCLAW_CONFIG_PATH");
        if (!string.IsNullOrWhiteSpace(overridePath))
        {
            return overridePath;
        }

        var stateDirectory = System.Environment.GetEnvironmentVariable("OPENCLAW_STATE_DIR");
        if (!string.IsNullOrWhiteSpace(stateDirectory))
        {
            return System.IO.Path.Combine(stateDirectory, "openclaw.json");
        }

        var home = System.Environment.GetEnvironmentVariable("HOME") ?? System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);
        return System.IO.Path.Combine(home, ".openclaw", "openclaw.json");
    }

    public static OpenClawUserConfig Load(string? path = null)
    {
        path ??= DefaultPath();
        if (!File.Exists(path))
        {
            return new OpenClawUserConfig(path, [], null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), Json5ish);
            var root = document.RootElement;
            return new OpenClawUserConfig(path, ReadEnabledChannels(root), ReadGatewayString(root, "auth", "token"), null, ReadGatewayString(root, "mode"));
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" at line {line + 1}, position {ex.BytePositionInLine + 1}" : "";
            return new OpenClawUserConfig(path, [], null,
                $"{path}{where} is not valid JSON5 ({ex.Message.Split('.')[0]}); fix the file or run `openclaw doctor`. Starting without channel workers.");
        }
    }

    /// <summary><c>channels.&lt;name&gt;</c> objects are enabled unless they say <c>enabled: false</c>.</summary>
    private static List<string> ReadEnabledChannels(JsonElement root)
    {
        if (root.ValueKind is not JsonValueKind.Object
            || !root.TryGetProperty("channels", out var channels)
            || channels.ValueKind is not JsonValueKind.Object)
        {
            return [];
        }

        return channels.EnumerateObject()
            .Where(channel => channel.Name is not "defaults"
                && channel.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
                && channel.Value.ValueKind is JsonValueKind.Object
                && !(channel.Value.TryGetProperty("enabled", out var enabled) && enabled.ValueKind is JsonValueKind.False))
            .Select(channel => channel.Name)
            .ToList();
    }

    /// <summary>A string under <c>gateway.*</c>, e.g. <c>gateway.mode</c> or <c>gateway.auth.token</c>.</summary>
    private static string? ReadGatewayString(JsonElement root, params string[] path)
    {
        if (root.ValueKind is not JsonValueKind.Object || !root.TryGetProperty("gateway", out var current))
        {
            return null;
        }

        foreach (var key in path)
        {
            if (current.ValueKind is not JsonValueKind.Object || !current.TryGetProperty(key, out current))
            {
                return null;
            }
        }

        return current.ValueKind is JsonValueKind.String ? current.GetString() : null;
    }
}
