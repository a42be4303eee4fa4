using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Metrics.V1;
using static OpenClaw.Dashboard.Telemetry.OtlpConversions;

namespace OpenClaw.Dashboard.Telemetry;

/// <summary>Folds OTLP metric data points into per-instrument, per-dimension series.</summary>
internal static class MetricIngestion
{
    public static void Add(Dictionary<(string Resource, string Meter, string Name), MetricInstrument> instruments, string resource, string meter, Metric metric)
    {
        var kind = metric.DataCase switch
        {
            Metric.DataOneofCase.Gauge => "Gauge",
            Metric.DataOneofCase.Sum => metric.Sum.IsMonotonic ? "Counter" : "UpDownCounter",
            Metric.DataOneofCase.Histogram or Metric.DataOneofCase.ExponentialHistogram => "Histogram",
            Metric.DataOneofCase.Summary => "Summary",
            _ => "Unknown",
        };
        var key = (resource, meter, metric.Name);
        if (!instruments.TryGetValue(key, out var instrument))
        {
            instrument = new MetricInstrument(resource, meter, metric.Name, metric.Description, metric.Unit, kind);
            instruments[key] = instrument;
        }

        switch (metric.DataCase)
        {
            case Metric.DataOneofCase.Gauge:
                AddNumbers(instrument, metric.Gauge.DataPoints);
                break;
            case Metric.DataOneofCase.Sum:
                AddNumbers(instrument, metric.Sum.DataPoints);
                break;
            case Metric.DataOneofCase.Histogram:
                foreach (var point in metric.Histogram.DataPoints)
                {
                    var buckets = point.BucketCounts.ToArray();
                    var bounds = point.ExplicitBounds.ToArray();
                    Series(instrument, point.Attributes).Add(new MetricPoint(
                        ToTime(point.TimeUnixNano),
                        point.HasSum && point.Count > 0 ? point.Sum / point.Count : 0,
                        (long)point.Count,
                        Percentile(buckets, bounds, 0.50),
                        Percentile(buckets, bounds, 0.90),
                        Percentile(buckets, bounds, 0.99)));
                    instrument.LastUpdated = ToTime(point.TimeUnixNano);
                }

                break;
            case Metric.DataOneofCase.ExponentialHistogram:
                foreach (var point in metric.ExponentialHistogram.DataPoints)
                {
                    Series(instrument, point.Attributes).Add(new MetricPoint(
                        ToTime(point.TimeUnixNano), point.HasSum && point.Count > 0 ? point.Sum / point.Count : 0, (long)point.Count));
                    instrument.LastUpdated = ToTime(point.TimeUnixNano);
                }

                break;
            case Metric.DataOneofCase.Summary:
                foreach (var point in metric.Summary.DataPoints)
                {
                    Series(instrument, point.Attributes).Add(new MetricPoint(ToTime(point.TimeUnixNano), point.Count > 0 ? point.Sum / point.Count : 0, (long)point.Count));
                    instrument.LastUpdated = ToTime(point.TimeUnixNano);
                }

                break;
        }
    }

    private static void AddNumbers(MetricInstrument instrument, RepeatedField<NumberDataPoint> points)
    {
        foreach (var point in points)
        {
            var value = point.ValueCase is NumberDataPoint.ValueOneofCase.AsInt ? point.AsInt : point.AsDouble;
            Series(instrument, point.Attributes).Add(new MetricPoint(ToTime(point.TimeUnixNano), value));
            instrument.LastUpdated = ToTime(point.TimeUnixNano);
        }
    }

    private static MetricSeries Series(MetricInstrument instrument, RepeatedField<KeyValue> attributes)
    {
        var dimensions = ToDictionary(attributes);
        var key = string.Join('\u001f', dimensions.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Key}={d.Value}"));
        if (!instrument.Series.TryGetValue(key, out var series))
        {
            // Past the cap, new dimension combinations share one overflow series instead of growing memory.
            if (instrument.Series.Count >= MetricInstrument.MaxSeries)
            {
                key = "otel.metric.overflow";
                dimensions = new Dictionary<string, string> { ["otel.metric.overflow"] = "true" };
            }

            if (!instrument.Series.TryGetValue(key, out series))
            {
                series = new MetricSeries(dimensions);
                instrument.Series[key] = series;
            }
        }

        return series;
    }

    /// <summary>Estimates a percentile from explicit-bucket counts (upper bound of the bucket it falls in).</summary>
    private static double? Percentile(ulong[] buckets, double[] bounds, double quantile)
    {
        var total = buckets.Aggregate(0UL, (sum, count) => sum + count);
        if (total == 0)
        {
            return null;
        }

        var target = (ulong)Math.Ceiling(total * quantile);
        ulong seen = 0;
        for (var i = 0; i < buckets.Length; i++)
        {
            seen += buckets[i];
            if (seen >= target)
            {
                return i < bounds.Length ? bounds[i] : bounds.LastOrDefault();
            }
        }

        return bounds.LastOrDefault();
    }
}
