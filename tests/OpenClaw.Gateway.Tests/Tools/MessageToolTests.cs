using Microsoft.Extensions.DependencyInjection;
using OpenClaw.Contracts;
using OpenClaw.Contracts.Channels;
using OpenClaw.Gateway.Tools;
using OpenClaw.Testing;
using StackExchange.Redis;

namespace OpenClaw.Gateway.Tests.Tools;

/// <summary>The message tool queues envelopes on the channel's outbound stream of a real Redis.</summary>
public sealed class MessageToolTests
{
    [Fact]
    public async Task Message_without_a_target_goes_back_to_the_current_conversation()
    {
        await using var redis = await RedisServer.StartAsync();
        using var connection = await redis.ConnectAsync();
        await using var harness = new ToolHarness(configure: s => s.AddSingleton<IConnectionMultiplexer>(connection));
        var context = harness.Context("agent:main:telegram:group:-100") with { Channel = "telegram", AccountId = "bot1", To = "-100", ThreadId = "7" };

        var result = await harness.InvokeAsync("message", new { message = "**done**" }, context);

        Assert.False(result.IsError, result.Text);
        var sent = await ReadOutboundAsync(connection, "telegram");
        Assert.Equal("**done**", sent.Text);
        Assert.Equal(new OutboundTarget { Channel = "telegram", AccountId = "bot1", ChatId = "-100", ThreadId = "7" }, sent.Target);
        Assert.StartsWith("tool:message:", sent.IdempotencyKey, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Message_to_another_channel_uses_that_channels_stream()
    {
        await using var redis = await RedisServer.StartAsync();
        using var connection = await redis.ConnectAsync();
        await using var harness = new ToolHarness(configure: s => s.AddSingleton<IConnectionMultiplexer>(connection));
        var context = harness.Context() with { Channel = "telegram", To = "42" };

        await harness.InvokeAsync("message", new { channel = "discord", target = "1234567890", message = "hi there", threadId = "99" }, context);

        var sent = await ReadOutboundAsync(connection, "discord");
        Assert.Equal(new OutboundTarget { Channel = "discord", AccountId = "default", ChatId = "1234567890", ThreadId = "99" }, sent.Target);
        Assert.Equal(0, await connection.GetDatabase().StreamLengthAsync(new StreamNames().Outbound("telegram")));
    }

    [Fact]
    public async Task Message_without_any_route_is_a_clear_error()
    {
        await using var redis = await RedisServer.StartAsync();
        using var connection = await redis.ConnectAsync();
        await using var harness = new ToolHarness(configure: s => s.AddSingleton<IConnectionMultiplexer>(connection));

        var result = await harness.InvokeAsync("message", new { message = "hello" });

        Assert.True(result.IsError);
        Assert.Contains("no channel", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Message_carries_workspace_files_and_urls_as_typed_media_and_refuses_files_outside_the_workspace()
    {
        await using var redis = await RedisServer.StartAsync();
        using var connection = await redis.ConnectAsync();
        await using var harness = new ToolHarness(configure: s => s.AddSingleton<IConnectionMultiplexer>(connection));
        var context = harness.Context() with { Channel = "telegram", To = "42" };
        await File.WriteAllBytesAsync(Path.Combine(harness.Workspace, "chart.png"), [1, 2, 3], TestContext.Current.CancellationToken);
        var outside = Path.Combine(harness.Root, "secret.txt");
        await File.WriteAllTextAsync(outside, "no", TestContext.Current.CancellationToken);

        var refused = await harness.InvokeAsync("message", new { message = "leak", media = outside }, context);
        var escaped = await harness.InvokeAsync("message", new { message = "leak", media = "../secret.txt" }, context);
        var result = await harness.InvokeAsync("message", new { message = "here", media = "chart.png", mediaUrls = new[] { "https://example.invalid/a/voice.ogg" } }, context);

        Assert.True(refused.IsError);
        Assert.Contains("outside the allowed folders", refused.Text, StringComparison.Ordinal);
        Assert.True(escaped.IsError);
        Assert.False(result.IsError, result.Text);
        var sent = await ReadOutboundAsync(connection, "telegram");
        Assert.Equal([("photo", "image/png", Path.Combine(harness.Workspace, "chart.png"), (string?)null), ("voice", "audio/ogg", (string?)null, "https://example.invalid/a/voice.ogg")],
            sent.Media.Select(m => (m.Kind, m.MimeType!, m.Path, m.Url)));
    }

    private static async Task<OutboundMessage> ReadOutboundAsync(IConnectionMultiplexer connection, string channel)
    {
        var entries = await connection.GetDatabase().StreamRangeAsync(new StreamNames().Outbound(channel));
        var entry = Assert.Single(entries);
        Assert.Equal(ChannelMessageTypes.OutboundMessage, (string?)entry[ChannelMessageTypes.TypeField]);
        var envelope = EnvelopeSerializer.Deserialize<OutboundMessage>((byte[])entry[ChannelMessageTypes.EnvelopeField]!);
        Assert.Equal(ChannelMessageTypes.OutboundMessage, envelope.Type);
        return envelope.Payload;
    }
}
