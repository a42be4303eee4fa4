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
                    var series = Series(instrument, point.Attributes);
                    var buckets = IntervalBuckets(series, point.BucketCounts.ToArray(), metric.Histogram.AggregationTemporality);
                    var bounds = point.ExplicitBounds.ToArray();
                    series.Add(new MetricPoint(
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

    /// <summary>
    /// Cumulative histograms count since the process started; charting that would flatten every
    /// change, so percentiles are taken over what arrived since the previous point.
    /// </summary>
    private static ulong[] IntervalBuckets(MetricSeries series, ulong[] buckets, AggregationTemporality temporality)
    {
        if (temporality is not AggregationTemporality.Cumulative)
        {
            return buckets;
        }

        var previous = series.LastBuckets;
        series.LastBuckets = buckets;
        if (previous is null || previous.Length != buckets.Length || previous.Where((count, i) => count > buckets[i]).Any())
        {
            return buckets; // First point, or the process restarted and the counts began again.
        }

        return buckets.Select((count, i) => count - previous[i]).ToArray();
    }

    /// <summary>Estimates a percentile from explicit-bucket counts, interpolating inside the bucket.</summary>
    private static double? Percentile(ulong[] buckets, double[] bounds, double quantile)
    {
        var total = buckets.Aggregate(0UL, (sum, count) => sum + count);
        if (total == 0 || bounds.Length == 0)
        {
            return null;
        }

        var target = total * quantile;
        double seen = 0;
        for (var i = 0; i < buckets.Length; i++)
        {
            if (buckets[i] > 0 && seen + buckets[i] >= target)
            {
                var lower = i == 0 ? 0 : bounds[i - 1];
                var upper = i < bounds.Length ? bounds[i] : bounds[^1];
                return lower + ((upper - lower) * (target - seen) / buckets[i]);
            }

            seen += buckets[i];
        }

        return bounds[^1];
    }
}
