using System.Text.Json;
using System.Text.Json.Nodes;
using OpenClaw.Cli.Config;

namespace OpenClaw.Cli.Gateway;

/// <summary>Where to connect and with what secret, resolved like upstream's CLI.</summary>
internal sealed record GatewayTarget(Uri Url, string UrlSource, string? Token, string? Password)
{
    public const int DefaultPort = 18789;

    /// <summary>
    /// URL: <c>--url</c>, <c>OPENCLAW_GATEWAY_URL</c>, <c>gateway.remote.url</c> in remote mode, else
    /// <c>ws://127.0.0.1:&lt;port&gt;</c>. An explicit URL only takes explicit credentials (flags, or the
    /// env vars next to <c>OPENCLAW_GATEWAY_URL</c>): config secrets are never sent to another gateway.
    /// </summary>
    public static GatewayTarget Resolve(string? url, string? token, string? password, int? port = null)
    {
        var config = CliConfig.Load();
        var envUrl = Environment.GetEnvironmentVariable("OPENCLAW_GATEWAY_URL");
        var envToken = NullIfEmpty(Environment.GetEnvironmentVariable("OPENCLAW_GATEWAY_TOKEN"));
        var envPassword = NullIfEmpty(Environment.GetEnvironmentVariable("OPENCLAW_GATEWAY_PASSWORD"));
        if (!string.IsNullOrWhiteSpace(url))
        {
            return new GatewayTarget(ParseUrl(url, "--url"), "cli --url", NullIfEmpty(token), NullIfEmpty(password)).RequireCredentials("--url");
        }

        if (!string.IsNullOrWhiteSpace(envUrl))
        {
            return new GatewayTarget(ParseUrl(envUrl, "OPENCLAW_GATEWAY_URL"), "env OPENCLAW_GATEWAY_URL",
                NullIfEmpty(token) ?? envToken, NullIfEmpty(password) ?? envPassword).RequireCredentials("OPENCLAW_GATEWAY_URL");
        }

        if (config.Mode == "remote" && config.RemoteUrl is { Length: > 0 } remote)
        {
            return new GatewayTarget(ParseUrl(remote, "gateway.remote.url"), "config gateway.remote.url",
                NullIfEmpty(token) ?? envToken ?? config.RemoteToken, NullIfEmpty(password) ?? envPassword ?? config.RemotePassword);
        }

        var effectivePort = port ?? (int.TryParse(Environment.GetEnvironmentVariable("OPENCLAW_GATEWAY_PORT"), out var envPort) ? envPort : (int?)null)
            ?? config.Port ?? DefaultPort;
        return new GatewayTarget(new Uri($"ws://127.0.0.1:{effectivePort}"), "local loopback",
            NullIfEmpty(token) ?? envToken ?? config.Token, NullIfEmpty(password) ?? envPassword ?? config.Password);
    }

    private GatewayTarget RequireCredentials(string source) =>
        Token is null && Password is null
            ? throw new CliException($"gateway url override requires explicit credentials: pass --token or --password with {source} " +
                "(or set OPENCLAW_GATEWAY_TOKEN / OPENCLAW_GATEWAY_PASSWORD)")
            : this;

    private static Uri ParseUrl(string value, string source) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "ws" or "wss"
            ? uri
            : throw new CliException($"invalid gateway URL from {source}: '{value}' (expected ws://host:port or wss://host:port)");

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

/// <summary>The few <c>openclaw.json</c> keys the CLI needs; JSON with comments and trailing commas.</summary>
internal sealed partial record CliConfig(string? Mode, int? Port, string? Token, string? Password, string? RemoteUrl, string? RemoteToken, string? RemotePassword)
{
    public static CliConfig Load()
    {
        var path = CliPaths.ConfigPath;
        if (!File.Exists(path))
        {
            return new CliConfig(null, null, null, null, null, null, null);
        }

        JsonNode? root;
        try
        {
            root = Json5Syntax.ToNode(Json5Syntax.Parse(File.ReadAllText(path)));
        }
        catch (Json5SyntaxException ex)
        {
            throw new CliException($"invalid config {path}: {ex.Message}. Fix the syntax, or check it with: openclaw config validate");
        }

        using var doc = JsonDocument.Parse(root?.ToJsonString() ?? "{}");
        var gateway = doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("gateway", out var g) ? g : default;
        return new CliConfig(
            Str(gateway, "mode"),
            gateway.ValueKind == JsonValueKind.Object && gateway.TryGetProperty("port", out var p) && p.TryGetInt32(out var port) ? port : null,
            Str(Sub(gateway, "auth"), "token"),
            Str(Sub(gateway, "auth"), "password"),
            Str(Sub(gateway, "remote"), "url"),
            Str(Sub(gateway, "remote"), "token"),
            Str(Sub(gateway, "remote"), "password"));
    }

    private static JsonElement Sub(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v : default;

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? Substitute(v.GetString()!) : null;

    /// <summary><c>${VAR}</c> in config strings, as the gateway does; an unset variable leaves the value unusable (null).</summary>
    private static string? Substitute(string value) =>
        EnvVar().Match(value) is { Success: true } m && m.Value == value
            ? NullIfEmpty(Environment.GetEnvironmentVariable(m.Groups[1].Value))
            : value;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    [System.Text.RegularExpressions.GeneratedRegex(@"^\$\{([A-Z_][A-Z0-9_]*)\}$")]
    private static partial System.Text.RegularExpressions.Regex EnvVar();
}
