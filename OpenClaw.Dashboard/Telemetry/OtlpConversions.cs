using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Common.V1;

namespace OpenClaw.Dashboard.Telemetry;

/// <summary>Turns OTLP protobuf values into the strings and times the dashboard shows.</summary>
internal static class OtlpConversions
{
    public const int MaxAttributeCount = 128;

    public static string ToHex(ByteString bytes) => bytes.IsEmpty ? "" : Convert.ToHexStringLower(bytes.Span);

    public static DateTimeOffset ToTime(ulong unixNanos) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)(unixNanos / 100));

    public static Dictionary<string, string> ToDictionary(RepeatedField<KeyValue> attributes)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var attribute in attributes.Take(MaxAttributeCount))
        {
            result[attribute.Key] = ToText(attribute.Value);
        }

        return result;
    }

    public static string ToText(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.ArrayValue => "[" + string.Join(", ", value.ArrayValue.Values.Select(ToText)) + "]",
        AnyValue.ValueOneofCase.KvlistValue => "{" + string.Join(", ", value.KvlistValue.Values.Select(kv => $"{kv.Key}: {ToText(kv.Value)}")) + "}",
        AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.Span),
        _ => "",
    };

    /// <summary>The resource name the AppHost gave (OTEL_SERVICE_NAME).</summary>
    public static string ServiceName(OpenTelemetry.Proto.Resource.V1.Resource? resource) =>
        resource?.Attributes.FirstOrDefault(a => a.Key == "service.name") is { } name ? ToText(name.Value) : "unknown";

    public static string Level(int severityNumber) => severityNumber switch
    {
        >= 21 => "Critical",
        >= 17 => "Error",
        >= 13 => "Warning",
        >= 9 => "Information",
        >= 5 => "Debug",
        >= 1 => "Trace",
        _ => "Information",
    };

    public static int SeverityOf(string level) => level.ToUpperInvariant() switch
    {
        "TRACE" => 1,
        "DEBUG" => 5,
        "INFORMATION" or "INFO" => 9,
        "WARNING" or "WARN" => 13,
        "ERROR" => 17,
        "CRITICAL" or "FATAL" => 21,
        _ => 0,
    };
}
