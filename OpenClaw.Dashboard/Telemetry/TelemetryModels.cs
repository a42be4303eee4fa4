namespace OpenClaw.Dashboard.Telemetry;

/// <summary>One span, flattened from OTLP with its resource (service.name) attached.</summary>
public sealed record SpanData(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Name,
    string Kind,
    string Resource,
    string Scope,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Status,
    string? StatusMessage,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<SpanEventData> Events)
{
    public TimeSpan Duration => End - Start;

    public bool HasError => Status is "Error";

    /// <summary>GenAI semantic conventions: a model call carries gen_ai.* attributes.</summary>
    public bool IsGenAi => Attributes.Keys.Any(key => key.StartsWith("gen_ai.", StringComparison.Ordinal));

    public string? GenAiModel => Attribute("gen_ai.response.model") ?? Attribute("gen_ai.request.model");

    public string? GenAiInputTokens => Attribute("gen_ai.usage.input_tokens") ?? Attribute("gen_ai.usage.prompt_tokens");

    public string? GenAiOutputTokens => Attribute("gen_ai.usage.output_tokens") ?? Attribute("gen_ai.usage.completion_tokens");

    public string? Attribute(string key) => Attributes.TryGetValue(key, out var value) ? value : null;
}

public sealed record SpanEventData(string Name, DateTimeOffset Time, IReadOnlyDictionary<string, string> Attributes);

/// <summary>One structured log record.</summary>
public sealed record LogEntry(
    long Id,
    DateTimeOffset Timestamp,
    string Resource,
    string Level,
    int SeverityNumber,
    string Message,
    string Category,
    string? TraceId,
    string? SpanId,
    IReadOnlyDictionary<string, string> Attributes);

/// <summary>A trace as listed: its root, the resources it crosses and its duration.</summary>
public sealed record TraceSummary(
    string TraceId,
    string Name,
    string Resource,
    DateTimeOffset Start,
    TimeSpan Duration,
    int SpanCount,
    IReadOnlyList<string> Resources,
    bool HasError);

public sealed record MetricPoint(DateTimeOffset Time, double Value, long? Count = null, double? P50 = null, double? P90 = null, double? P99 = null);

/// <summary>The points of one attribute combination of an instrument.</summary>
public sealed class MetricSeries(IReadOnlyDictionary<string, string> attributes)
{
    private const int MaxPoints = 300;
    private readonly Queue<MetricPoint> _points = new();

    public IReadOnlyDictionary<string, string> Attributes { get; } = attributes;

    public string Label => Attributes.Count == 0 ? "(no dimensions)" : string.Join(", ", Attributes.Select(a => $"{a.Key}={a.Value}"));

    public IReadOnlyList<MetricPoint> Points => [.. _points];

    /// <summary>The previous cumulative histogram buckets, to chart per-interval percentiles.</summary>
    public ulong[]? LastBuckets { get; set; }

    public void Add(MetricPoint point)
    {
        _points.Enqueue(point);
        while (_points.Count > MaxPoints)
        {
            _points.Dequeue();
        }
    }
}

/// <summary>An instrument (counter, gauge, histogram) of one resource's meter.</summary>
public sealed class MetricInstrument(string resource, string meter, string name, string description, string unit, string kind)
{
    public const int MaxSeries = 50;

    public string Resource { get; } = resource;

    public string Meter { get; } = meter;

    public string Name { get; } = name;

    public string Description { get; } = description;

    public string Unit { get; } = unit;

    /// <summary>Gauge, Counter (monotonic sum), UpDownCounter or Histogram.</summary>
    public string Kind { get; } = kind;

    public Dictionary<string, MetricSeries> Series { get; } = new(StringComparer.Ordinal);

    public DateTimeOffset LastUpdated { get; set; }
}
