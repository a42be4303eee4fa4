using System.Text.Json;

namespace OpenClaw.GatewayClient;

/// <summary>A pushed event as received (<c>{type:"event", event, payload?, seq?}</c>).</summary>
public sealed record GatewayEvent(string Name, JsonElement? Payload, long? Seq);
