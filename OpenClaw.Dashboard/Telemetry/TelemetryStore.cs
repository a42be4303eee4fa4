using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using static OpenClaw.Dashboard.Telemetry.OtlpConversions;

namespace OpenClaw.Dashboard.Telemetry;

/// <summary>
/// In-memory, bounded telemetry (Aspire's defaults: 10 000 traces and 10 000 logs shared by all
/// resources; the oldest are evicted). Nothing survives a restart.
/// </summary>
public sealed class TelemetryStore(int maxTraces = 10_000, int maxLogs = 10_000)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<SpanData>> _traces = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _traceOrder = new();
    private readonly LinkedList<LogEntry> _logs = new();
    private readonly Dictionary<(string Resource, string Meter, string Name), MetricInstrument> _instruments = [];
    private long _nextLogId = 1;

    public void AddTraces(ExportTraceServiceRequest request)
    {
        lock (_lock)
        {
            foreach (var resourceSpans in request.ResourceSpans)
            {
                var resource = ServiceName(resourceSpans.Resource);
                foreach (var scopeSpans in resourceSpans.ScopeSpans)
                {
                    foreach (var span in scopeSpans.Spans)
                    {
                        AddSpan(new SpanData(
                            ToHex(span.TraceId),
                            ToHex(span.SpanId),
                            span.ParentSpanId.IsEmpty ? null : ToHex(span.ParentSpanId),
                            span.Name,
                            span.Kind.ToString().Replace("SpanKind", "", StringComparison.Ordinal),
                            resource,
                            scopeSpans.Scope?.Name ?? "",
                            ToTime(span.StartTimeUnixNano),
                            ToTime(span.EndTimeUnixNano),
                            span.Status?.Code switch
                            {
                                OpenTelemetry.Proto.Trace.V1.Status.Types.StatusCode.Error => "Error",
                                OpenTelemetry.Proto.Trace.V1.Status.Types.StatusCode.Ok => "Ok",
                                _ => "Unset",
                            },
                            string.IsNullOrEmpty(span.Status?.Message) ? null : span.Status.Message,
                            ToDictionary(span.Attributes),
                            span.Events.Select(e => new SpanEventData(e.Name, ToTime(e.TimeUnixNano), ToDictionary(e.Attributes))).ToList()));
                    }
                }
            }
        }
    }

    public void AddLogs(ExportLogsServiceRequest request)
    {
        lock (_lock)
        {
            foreach (var resourceLogs in request.ResourceLogs)
            {
                var resource = ServiceName(resourceLogs.Resource);
                foreach (var scopeLogs in resourceLogs.ScopeLogs)
                {
                    foreach (var record in scopeLogs.LogRecords)
                    {
                        var attributes = ToDictionary(record.Attributes);
                        var severity = (int)record.SeverityNumber;
                        var time = record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano;
                        _logs.AddLast(new LogEntry(
                            _nextLogId++,
                            ToTime(time),
                            resource,
                            severity == 0 && !string.IsNullOrEmpty(record.SeverityText) ? record.SeverityText : Level(severity),
                            severity,
                            ToText(record.Body),
                            scopeLogs.Scope?.Name ?? "",
                            record.TraceId.IsEmpty ? null : ToHex(record.TraceId),
                            record.SpanId.IsEmpty ? null : ToHex(record.SpanId),
                            attributes));
                        while (_logs.Count > maxLogs)
                        {
                            _logs.RemoveFirst();
                        }
                    }
                }
            }
        }
    }

    public void AddMetrics(ExportMetricsServiceRequest request)
    {
        lock (_lock)
        {
            foreach (var resourceMetrics in request.ResourceMetrics)
            {
                var resource = ServiceName(resourceMetrics.Resource);
                foreach (var scopeMetrics in resourceMetrics.ScopeMetrics)
                {
                    foreach (var metric in scopeMetrics.Metrics)
                    {
                        MetricIngestion.Add(_instruments, resource, scopeMetrics.Scope?.Name ?? "", metric);
                    }
                }
            }
        }
    }

    public IReadOnlyList<string> Resources()
    {
        lock (_lock)
        {
            return _traces.Values.SelectMany(spans => spans.Select(s => s.Resource))
                .Concat(_logs.Select(l => l.Resource))
                .Concat(_instruments.Keys.Select(k => k.Resource))
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        }
    }

    public IReadOnlyList<SpanData>? Trace(string traceId)
    {
        lock (_lock)
        {
            return _traces.TryGetValue(traceId.ToLowerInvariant(), out var spans) ? spans.OrderBy(s => s.Start).ToList() : null;
        }
    }

    public IReadOnlyList<TraceSummary> Traces(string? resource = null, string? text = null, int max = 200)
    {
        lock (_lock)
        {
            var result = new List<TraceSummary>();
            for (var node = _traceOrder.Last; node is not null && result.Count < max; node = node.Previous)
            {
                var spans = _traces[node.Value];
                if (resource is { Length: > 0 } && !spans.Any(s => s.Resource == resource))
                {
                    continue;
                }

                if (text is { Length: > 0 } && !spans.Any(s => s.Name.Contains(text, StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                result.Add(Summarize(node.Value, spans));
            }

            return result.OrderByDescending(t => t.Start).ToList();
        }
    }

    public IReadOnlyList<SpanData> Spans(string? resource = null, string? name = null, int max = 1000)
    {
        lock (_lock)
        {
            return _traces.Values.SelectMany(spans => spans)
                .Where(s => resource is not { Length: > 0 } || s.Resource == resource)
                .Where(s => name is not { Length: > 0 } || s.Name.Contains(name, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(s => s.Start).Take(max).ToList();
        }
    }

    public IReadOnlyList<LogEntry> Logs(string? resource = null, string? minimumLevel = null, string? text = null, string? traceId = null, int max = 1000)
    {
        var minimum = minimumLevel is { Length: > 0 } ? SeverityOf(minimumLevel) : 0;
        lock (_lock)
        {
            return _logs.Reverse()
                .OrderByDescending(l => l.Timestamp)
                .Where(l => resource is not { Length: > 0 } || l.Resource == resource)
                .Where(l => l.SeverityNumber >= minimum)
                .Where(l => text is not { Length: > 0 } || l.Message.Contains(text, StringComparison.OrdinalIgnoreCase)
                    || l.Category.Contains(text, StringComparison.OrdinalIgnoreCase))
                .Where(l => traceId is not { Length: > 0 } || l.TraceId == traceId)
                .Take(max).ToList();
        }
    }

    public IReadOnlyList<MetricInstrument> Instruments(string? resource = null)
    {
        lock (_lock)
        {
            return _instruments.Values
                .Where(i => resource is not { Length: > 0 } || i.Resource == resource)
                .OrderBy(i => i.Resource, StringComparer.Ordinal).ThenBy(i => i.Meter, StringComparer.Ordinal).ThenBy(i => i.Name, StringComparer.Ordinal)
                .ToList();
        }
    }

    /// <summary>A copy of one instrument's series, safe to read while new points arrive.</summary>
    public IReadOnlyList<(string Label, IReadOnlyList<MetricPoint> Points)> Series(MetricInstrument instrument)
    {
        lock (_lock)
        {
            return instrument.Series.Values.Select(s => (s.Label, s.Points)).ToList();
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _traces.Clear();
            _traceOrder.Clear();
            _logs.Clear();
            _instruments.Clear();
        }
    }

    private void AddSpan(SpanData span)
    {
        if (!_traces.TryGetValue(span.TraceId, out var spans))
        {
            spans = [];
            _traces[span.TraceId] = spans;
            _traceOrder.AddLast(span.TraceId);
            while (_traceOrder.Count > maxTraces)
            {
                _traces.Remove(_traceOrder.First!.Value);
                _traceOrder.RemoveFirst();
            }
        }

        spans.Add(span);
    }

    private static TraceSummary Summarize(string traceId, List<SpanData> spans)
    {
        var ids = spans.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
        var root = spans.Where(s => s.ParentSpanId is null || !ids.Contains(s.ParentSpanId)).MinBy(s => s.Start) ?? spans[0];
        var start = spans.Min(s => s.Start);
        var end = spans.Max(s => s.End);
        return new TraceSummary(traceId, root.Name, root.Resource, start, end - start, spans.Count,
            spans.Select(s => s.Resource).Distinct(StringComparer.Ordinal).ToList(), spans.Any(s => s.HasError));
    }
}
