using System.Diagnostics;
using System.Text.Json;
using OpenClaw.Contracts;

namespace OpenClaw.Contracts.Tests;

public sealed class EnvelopeSerializerTests
{
    private sealed record Ping(string Text, int Count);

    [Fact]
    public void Round_trips_a_payload_in_the_documented_camel_case_shape()
    {
        var envelope = EnvelopeSerializer.Wrap("test.ping", new Ping("hello", 3));

        var json = EnvelopeSerializer.Serialize(envelope);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;

        Assert.Equal(1, root.GetProperty("v").GetInt32());
        Assert.Equal("test.ping", root.GetProperty("type").GetString());
        Assert.Equal(26, root.GetProperty("id").GetString()!.Length);
        Assert.Equal("hello", root.GetProperty("payload").GetProperty("text").GetString());
        Assert.Equal(envelope, EnvelopeSerializer.Deserialize<Ping>(json) with { Payload = envelope.Payload });
        Assert.Equal(new Ping("hello", 3), EnvelopeSerializer.Deserialize<Ping>(json).Payload);
    }

    [Fact]
    public void Carries_the_current_w3c_trace_context()
    {
        using var source = new ActivitySource("test");
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var activity = source.StartActivity("send")!;

        var envelope = EnvelopeSerializer.Wrap("test.ping", new Ping("x", 1));

        Assert.Equal(activity.Id, envelope.Traceparent);
        Assert.StartsWith("00-" + activity.TraceId.ToHexString(), envelope.Traceparent);
    }

    [Fact]
    public void Ids_sort_by_creation_time()
    {
        var clock = new ManualClock(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var first = Ulid.NewId(clock);
        clock.Now = clock.Now.AddMilliseconds(1);
        var second = Ulid.NewId(clock);

        Assert.True(string.CompareOrdinal(first, second) < 0, $"{first} should sort before {second}");
    }

    [Theory]
    [InlineData("not json", "not a valid envelope")]
    [InlineData("null", "not a valid envelope: null")]
    [InlineData("""{"v":99,"id":"x","type":"t","payload":{"text":"a","count":1}}""", "version 99 is newer")]
    public void Refuses_what_is_not_an_envelope_with_the_reason(string json, string expected)
    {
        var error = Assert.Throws<EnvelopeFormatException>(() => EnvelopeSerializer.Deserialize<Ping>(json));
        Assert.Contains(expected, error.Message);
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }
}
