using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenClaw.Contracts.Protocol;

/// <summary>JSON settings of the WebSocket protocol: camelCase, absent rather than null, compact.</summary>
public static class ProtocolJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Frames come from untrusted peers: bound recursion well below the runtime's stack limits.
        MaxDepth = 64,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Serialize<T>(T frame) => JsonSerializer.SerializeToUtf8Bytes(frame, Options);
}
