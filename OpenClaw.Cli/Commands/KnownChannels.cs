using System.Text.Json.Nodes;
using OpenClaw.Cli.Gateway;

namespace OpenClaw.Cli.Commands;

/// <summary>Which channels OpenClaw.NET runs, how each logs in, and the config keys of their tokens (docs/channels.md).</summary>
internal static class KnownChannels
{
    public static readonly string[] Supported = ["telegram", "discord", "slack"];

    /// <summary>Upstream channels that log in by scanning a QR code instead of a token.</summary>
    public static readonly string[] QrLogin = ["whatsapp", "zalouser", "signal"];

    private static readonly string[] Upstream =
    [
        "whatsapp", "signal", "imessage", "bluebubbles", "googlechat", "msteams", "matrix", "mattermost", "irc", "zalo", "zalouser", "line",
        "feishu", "nostr", "twitch", "nextcloud-talk", "synology-chat", "tlon", "qqbot", "wechat", "wecom",
    ];

    public static string Require(string channel)
    {
        var id = channel.Trim().ToLowerInvariant();
        if (Supported.Contains(id))
        {
            return id;
        }

        throw new CliException(Upstream.Contains(id)
            ? $"channel '{id}' is not available in OpenClaw.NET yet; supported channels: {string.Join(", ", Supported)}"
            : $"unknown channel '{channel}': use one of {string.Join(", ", Supported)}");
    }

    public static Dictionary<string, string> TokenKeys(string channel, string? token, string? appToken, string? tokenFile)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (channel)
        {
            case "telegram" when tokenFile is { Length: > 0 }:
                values["tokenFile"] = Path.GetFullPath(tokenFile);
                break;
            case "telegram":
                values["botToken"] = token ?? throw new CliException("--token is required for telegram (the token @BotFather gave you), or --token-file <path>");
                break;
            case "discord":
                values["token"] = token ?? throw new CliException("--token is required for discord (Bot token from the Discord developer portal)");
                break;
            case "slack":
                values["botToken"] = token ?? throw new CliException("--token is required for slack (xoxb- bot token); add --app-token xapp-… for Socket Mode");
                if (appToken is { Length: > 0 })
                {
                    values["appToken"] = appToken;
                }

                break;
        }

        return values;
    }

    public static bool HasToken(string channel, JsonObject? section) => section is not null && channel switch
    {
        "telegram" => section["botToken"] is not null || section["tokenFile"] is not null,
        "discord" => section["token"] is not null,
        "slack" => section["botToken"] is not null,
        _ => section["token"] is not null || section["botToken"] is not null,
    };
}
