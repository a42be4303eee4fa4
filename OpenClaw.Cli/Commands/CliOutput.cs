using System.Text.Encodings.Web;
using System.Text.Json;
using OpenClaw.Cli.Gateway;
using OpenClaw.GatewayClient;
using Spectre.Console;

namespace OpenClaw.Cli.Commands;

/// <summary>Output conventions: pretty JSON for --json, one red line for errors, exit code 1 on failure.</summary>
internal static class CliOutput
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void WriteJson(object value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Pretty));

    /// <summary>One JSON object per line (streams such as <c>logs --follow --json</c>).</summary>
    public static void WriteCompactJson(object value) =>
        Console.Out.WriteLine(JsonSerializer.Serialize(value, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));

    public static JsonElement Params(object value) => JsonSerializer.SerializeToElement(value, new JsonSerializerOptions { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull });

    public static int Fail(GatewayException ex, bool json, GatewayTarget? target, bool methodNamedByUser = false)
    {
        if (json)
        {
            object error = ex switch
            {
                GatewayRequestException r => new { type = "gateway_request_error", code = r.Code, message = r.Message, details = r.Details, retryable = r.Retryable },
                GatewayTransportException t => new { type = "gateway_transport_error", kind = TransportKind(t), message = t.Message, reason = t.Reason },
                _ => new { type = "cli_error", message = ex.Message },
            };
            WriteJson(new { ok = false, error, gateway = target is null ? null : new { url = target.Url.ToString(), urlSource = target.UrlSource } });
        }
        else
        {
            AnsiConsole.Console.Profile.Out.Writer.Flush();
            Console.Error.WriteLine(WithFix(ex, methodNamedByUser));
        }

        return 1;
    }

    /// <summary>The error and, for the ones users meet, what to do about it: one line.</summary>
    public static string WithFix(GatewayException ex, bool methodNamedByUser = false)
    {
        var message = ex.Message;
        if (ex is GatewayTransportException && message.StartsWith("Gateway not reachable", StringComparison.Ordinal))
        {
            return $"{message} Start it with: openclaw gateway run (or pass --url / set gateway.port).";
        }

        if (message.Contains("token mismatch", StringComparison.Ordinal) && !message.Contains("device token", StringComparison.Ordinal)
            || message.Contains("token missing", StringComparison.Ordinal) || message.Contains("password mismatch", StringComparison.Ordinal))
        {
            return $"{message}. Fix: pass the gateway's token with --token or OPENCLAW_GATEWAY_TOKEN (it is gateway.auth.token in openclaw.json; openclaw dashboard --no-open shows it).";
        }

        if (message.Contains("pairing required", StringComparison.Ordinal))
        {
            return $"{message}. Fix: approve this device from an admin client: openclaw devices list, then openclaw devices approve <requestId>.";
        }

        if (!methodNamedByUser && ex is GatewayRequestException && message.StartsWith("unknown method: ", StringComparison.Ordinal))
        {
            return $"this gateway does not support {message["unknown method: ".Length..]} (the gateway is older than this CLI: update or restart it).";
        }

        return message;
    }

    /// <summary>"timeout" when the CLI's --timeout expired, else "closed" (unreachable or dropped), as before.</summary>
    private static string TransportKind(GatewayTransportException ex) =>
        ex.CloseCode is null && ex.InnerException is OperationCanceledException ? "timeout" : "closed";

    public static string Ago(long ms)
    {
        var age = TimeSpan.FromMilliseconds(Math.Max(0, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - ms));
        return age.TotalSeconds < 60 ? $"{(int)age.TotalSeconds}s ago"
            : age.TotalMinutes < 60 ? $"{(int)age.TotalMinutes}m ago"
            : age.TotalHours < 48 ? $"{(int)age.TotalHours}h ago"
            : $"{(int)age.TotalDays}d ago";
    }

    public static string Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : v.ToString()
            : "";

    public static IEnumerable<JsonElement> Items(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : [];

    public static string Join(JsonElement e, string name) => string.Join(", ", Items(e, name).Select(x => x.GetString()));
}
