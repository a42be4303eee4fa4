using System.Globalization;
using System.Text.Json;

namespace OpenClaw.ControlUi.Gateway;

/// <summary>Tolerant reads of gateway payloads: a missing or differently typed field is null, never an exception.</summary>
public static class JsonExtensions
{
    public static JsonElement? Prop(this JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public static JsonElement? Prop(this JsonElement element, string name) => ((JsonElement?)element).Prop(name);

    public static string? Str(this JsonElement? element, string name) => element.Prop(name) switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False } v => v.GetRawText(),
        _ => null,
    };

    public static string? Str(this JsonElement element, string name) => ((JsonElement?)element).Str(name);

    public static long? Long(this JsonElement? element, string name) =>
        element.Prop(name) is { ValueKind: JsonValueKind.Number } n && n.TryGetInt64(out var v) ? v : null;

    public static long? Long(this JsonElement element, string name) => ((JsonElement?)element).Long(name);

    public static bool Bool(this JsonElement element, string name) => element.Prop(name) is { ValueKind: JsonValueKind.True };

    public static IEnumerable<JsonElement> Items(this JsonElement? element, string name) =>
        element.Prop(name) is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray() : [];

    public static IEnumerable<JsonElement> Items(this JsonElement element, string name) => ((JsonElement?)element).Items(name);

    public static IEnumerable<JsonProperty> Props(this JsonElement element, string name) =>
        element.Prop(name) is { ValueKind: JsonValueKind.Object } o ? o.EnumerateObject() : [];

    public static string Pretty(this JsonElement element) => JsonSerializer.Serialize(element, PrettyOptions);

    /// <summary>"3m ago", "2h ago" from epoch milliseconds.</summary>
    public static string Ago(long? epochMs, DateTimeOffset now)
    {
        if (epochMs is not { } ms || ms <= 0)
        {
            return "—";
        }

        return Duration(now - DateTimeOffset.FromUnixTimeMilliseconds(ms)) + " ago";
    }

    public static string Duration(TimeSpan span) => span switch
    {
        { TotalSeconds: < 60 } => $"{Math.Max(0, (int)span.TotalSeconds)}s",
        { TotalMinutes: < 60 } => $"{(int)span.TotalMinutes}m",
        { TotalHours: < 48 } => $"{(int)span.TotalHours}h {span.Minutes}m",
        _ => $"{(int)span.TotalDays}d {span.Hours}h",
    };

    public static string Time(long? epochMs) =>
        epochMs is { } ms and > 0
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            : "—";

    private static readonly JsonSerializerOptions PrettyOptions = new() { WriteIndented = true };
}
