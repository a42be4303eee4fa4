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

    public static int Fail(GatewayException ex, bool json, GatewayTarget? target)
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
            Console.Error.WriteLine(ex.Message);
            if (ex is GatewayTransportException && target is not null)
            {
                Console.Error.WriteLine($"Gateway target: {target.Url}");
            }
        }

        return 1;
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
