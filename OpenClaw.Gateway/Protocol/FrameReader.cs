using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;

namespace OpenClaw.Gateway.Protocol;

public enum FrameOutcome
{
    Message,
    Closed,
    TooLarge,
}

public readonly record struct FrameRead(FrameOutcome Outcome, byte[] Data);

/// <summary>Reads one whole WebSocket message with a size cap, and parses frames defensively.</summary>
public static class FrameReader
{
    private const int ChunkSize = 4096;

    public static async Task<FrameRead> ReadAsync(WebSocket socket, int maxBytes, CancellationToken cancellationToken) =>
        await ReadAfterAsync(socket, await WaitForFrameAsync(socket, cancellationToken), maxBytes, cancellationToken);

    /// <summary>
    /// Waits for the next frame with a zero-byte read, so an idle connection holds no buffer at all (and,
    /// awaited directly by the receive loop, no state machine of this class either).
    /// </summary>
    public static ValueTask<ValueWebSocketReceiveResult> WaitForFrameAsync(WebSocket socket, CancellationToken cancellationToken) =>
        socket.ReceiveAsync(Memory<byte>.Empty, cancellationToken);

    /// <summary>Reads the message whose arrival <see cref="WaitForFrameAsync"/> reported.</summary>
    public static async Task<FrameRead> ReadAfterAsync(WebSocket socket, ValueWebSocketReceiveResult first, int maxBytes,
        CancellationToken cancellationToken)
    {
        if (first.MessageType == WebSocketMessageType.Close)
        {
            return new FrameRead(FrameOutcome.Closed, []);
        }

        if (first.EndOfMessage)
        {
            return new FrameRead(FrameOutcome.Message, []);
        }

        var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            ArrayBufferWriter<byte>? message = null;
            while (true)
            {
                var result = await socket.ReceiveAsync(chunk.AsMemory(0, ChunkSize), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return new FrameRead(FrameOutcome.Closed, []);
                }

                if ((message?.WrittenCount ?? 0) + result.Count > maxBytes)
                {
                    return new FrameRead(FrameOutcome.TooLarge, []);
                }

                if (result.EndOfMessage && message is null)
                {
                    return new FrameRead(FrameOutcome.Message, chunk.AsSpan(0, result.Count).ToArray());
                }

                message ??= new ArrayBufferWriter<byte>(Math.Min(maxBytes, ChunkSize * 4));
                message.Write(chunk.AsSpan(0, result.Count));
                if (result.EndOfMessage)
                {
                    return new FrameRead(FrameOutcome.Message, message.WrittenSpan.ToArray());
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>
    /// A string property, or null when absent, not a string, or not representable (a lone surrogate such
    /// as <c>"\ud800"</c> is valid JSON but no valid string).
    /// </summary>
    public static string? StringOf(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The JSON document, or null when the bytes are not JSON (bad UTF-8, syntax, nesting over 64).</summary>
    public static JsonDocument? TryParse(ReadOnlyMemory<byte> data)
    {
        try
        {
            return JsonDocument.Parse(data, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
