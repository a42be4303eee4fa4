using System.Text.Json;
using System.Text.Json.Nodes;
using OpenClaw.Gateway.Agents;
using OpenClaw.Gateway.Models;
using OpenClaw.Gateway.Sessions;

namespace OpenClaw.Gateway.Protocol.Methods;

/// <summary><c>sessions.list</c>, <c>sessions.preview</c>, <c>sessions.patch</c>, <c>sessions.reset</c>, <c>sessions.delete</c>.</summary>
public static class SessionMethods
{
    public static MethodRegistry MapSessionMethods(this MethodRegistry methods) => methods
        .Map("sessions.list", List)
        .Map("sessions.preview", Preview)
        .Map("sessions.patch", Patch)
        .Map("sessions.reset", Reset)
        .Map("sessions.delete", Delete);

    private static async Task<object?> List(MethodContext context)
    {
        var limit = Math.Clamp(context.OptionalInt("limit") ?? 100, 1, 10_000);
        var search = context.OptionalString("search");
        var label = context.OptionalString("label");
        var activeMinutes = context.OptionalInt("activeMinutes");
        var catalog = context.Get<IAgentCatalog>();
        var agents = context.OptionalString("agentId") is { Length: > 0 } only ? [catalog.Resolve(only)] : catalog.List();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var rows = new List<JsonObject>();
        var paths = new List<string>();
        foreach (var agent in agents)
        {
            var store = context.Get<ISessionStores>().For(agent.Id);
            paths.Add(Path.Combine(store.Directory, "sessions.json"));
            foreach (var (key, entry) in await store.ListAsync(context.CancellationToken))
            {
                if ((search is { Length: > 0 } && !key.Contains(search, StringComparison.OrdinalIgnoreCase)
                        && !(entry.Label ?? entry.DisplayName ?? "").Contains(search, StringComparison.OrdinalIgnoreCase))
                    || (label is { Length: > 0 } && entry.Label != label)
                    || (activeMinutes is { } minutes && now - entry.UpdatedAt > minutes * 60_000L))
                {
                    continue;
                }

                rows.Add(Row(key, entry, agent.Id));
            }
        }

        var ordered = rows.OrderByDescending(r => r["updatedAt"]!.GetValue<long>()).ToList();
        return new JsonObject
        {
            ["ts"] = now,
            ["path"] = paths.Count == 1 ? paths[0] : "(multiple)",
            ["count"] = Math.Min(limit, ordered.Count),
            ["totalCount"] = ordered.Count,
            ["limitApplied"] = limit,
            ["nextOffset"] = ordered.Count > limit ? limit : null,
            ["hasMore"] = ordered.Count > limit,
            ["defaults"] = Defaults(context),
            ["sessions"] = new JsonArray([.. ordered.Take(limit)]),
        };
    }

    private static async Task<object?> Preview(MethodContext context)
    {
        var keys = context.Params is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("keys", out var k) && k.ValueKind == JsonValueKind.Array
            ? k.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).Take(64).ToList()
            : throw GatewayMethodException.Invalid("invalid sessions.preview params: must have required property 'keys'");
        var limit = Math.Clamp(context.OptionalInt("limit") ?? 12, 1, 100);
        var maxChars = Math.Clamp(context.OptionalInt("maxChars") ?? 240, 20, 4000);
        var previews = new JsonArray();
        foreach (var requested in keys)
        {
            var (store, key) = StoreFor(context, requested);
            if (await store.GetAsync(key, context.CancellationToken) is null)
            {
                previews.Add(new JsonObject { ["key"] = requested, ["status"] = "missing", ["items"] = new JsonArray() });
                continue;
            }

            var items = (await store.ReadTranscriptAsync(key, context.CancellationToken))
                .Select(t => t.Message).OfType<TranscriptMessage>()
                .Where(m => m.Role is "user" or "assistant" && m.Text.Length > 0)
                .TakeLast(limit)
                .Select(m => (JsonNode)new JsonObject { ["role"] = m.Role, ["text"] = m.Text.Length > maxChars ? m.Text[..maxChars] + "…" : m.Text });
            previews.Add(new JsonObject { ["key"] = requested, ["status"] = "ok", ["items"] = new JsonArray([.. items]) });
        }

        return new JsonObject { ["ts"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), ["previews"] = previews };
    }

    /// <summary>Sets or (with null) clears per-session overrides.</summary>
    private static async Task<object?> Patch(MethodContext context)
    {
        var (store, key) = StoreFor(context, context.RequiredString("key"));
        var p = context.Params!.Value;
        string? Text(string name) => p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        bool Has(string name) => p.TryGetProperty(name, out _);
        var entry = await store.GetOrCreateAsync(key, cancellationToken: context.CancellationToken);
        var patched = await store.PatchAsync(key, e =>
        {
            if (Has("label")) e.Label = Text("label");
            if (Has("thinkingLevel")) e.ThinkingLevel = Text("thinkingLevel");
            if (Has("verboseLevel")) e.VerboseLevel = Text("verboseLevel");
            if (Has("reasoningLevel")) e.ReasoningLevel = Text("reasoningLevel");
            if (Has("elevatedLevel")) e.ElevatedLevel = Text("elevatedLevel");
            if (Has("sendPolicy")) e.SendPolicy = Text("sendPolicy");
            if (Has("groupActivation")) e.GroupActivation = Text("groupActivation");
            if (Has("execHost")) e.ExecHost = Text("execHost");
            if (Has("execSecurity")) e.ExecSecurity = Text("execSecurity");
            if (Has("execAsk")) e.ExecAsk = Text("execAsk");
            if (Has("execNode")) e.ExecNode = Text("execNode");
            if (Has("fastMode")) e.FastMode = p.GetProperty("fastMode").ValueKind is JsonValueKind.True or JsonValueKind.False ? p.GetProperty("fastMode").GetBoolean() : null;
            if (Has("model"))
            {
                var model = Text("model") is { Length: > 0 } m && ModelRef.TryParse(m, out var parsed) ? parsed : null;
                e.ProviderOverride = model?.Provider;
                e.ModelOverride = model?.Model;
            }

            e.UpdatedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        }, context.CancellationToken) ?? entry;
        await Changed(context, key, "patch");
        return new { ok = true, path = Path.Combine(store.Directory, "sessions.json"), key, entry = patched };
    }

    private static async Task<object?> Reset(MethodContext context)
    {
        var (store, key) = StoreFor(context, context.RequiredString("key"));
        var entry = await store.ResetAsync(key, context.CancellationToken);
        await Changed(context, key, context.OptionalString("reason") ?? "reset");
        return new { ok = true, key, entry, resolved = new { modelProvider = entry.ModelProvider, model = entry.Model } };
    }

    private static async Task<object?> Delete(MethodContext context)
    {
        var (store, key) = StoreFor(context, context.RequiredString("key"));
        var deleted = await store.DeleteAsync(key, context.CancellationToken);
        await Changed(context, key, "delete");
        return new { ok = true, key, deleted };
    }

    /// <summary>The <c>defaults</c> block: the default agent's model and context size.</summary>
    internal static JsonObject Defaults(MethodContext context)
    {
        var primary = context.Get<IAgentCatalog>().Resolve(null).PrimaryModel;
        var parsed = primary is not null && ModelRef.TryParse(primary, out var model) ? model : null;
        return new JsonObject
        {
            ["modelProvider"] = parsed?.Provider,
            ["model"] = parsed?.Model,
            ["contextTokens"] = 200_000,
        };
    }

    private static JsonObject Row(string key, SessionEntry entry, string agentId) => new()
    {
        ["key"] = key,
        ["kind"] = SessionKeys.ChatTypeOf(key),
        ["agentId"] = agentId,
        ["isMain"] = SessionKeys.IsMain(key),
        ["chatType"] = entry.ChatType ?? SessionKeys.ChatTypeOf(key),
        ["sessionId"] = entry.SessionId,
        ["updatedAt"] = entry.UpdatedAt,
        ["label"] = entry.Label,
        ["displayName"] = entry.DisplayName,
        ["channel"] = entry.Channel ?? entry.LastChannel,
        ["thinkingLevel"] = entry.ThinkingLevel,
        ["abortedLastRun"] = entry.AbortedLastRun ?? false,
        ["inputTokens"] = entry.InputTokens ?? 0,
        ["outputTokens"] = entry.OutputTokens ?? 0,
        ["totalTokens"] = entry.TotalTokens ?? 0,
        ["modelProvider"] = entry.ProviderOverride ?? entry.ModelProvider,
        ["model"] = entry.ModelOverride ?? entry.Model,
        ["contextTokens"] = entry.ContextTokens ?? 200_000,
    };

    private static (ISessionStore Store, string Key) StoreFor(MethodContext context, string requested)
    {
        var defaultAgent = context.Get<IAgentCatalog>().DefaultAgentId;
        var key = SessionKeys.Normalize(requested, defaultAgent);
        return (context.Get<ISessionStores>().For(SessionKeys.AgentIdOf(key) ?? defaultAgent), key);
    }

    private static Task Changed(MethodContext context, string key, string reason) =>
        context.Get<EventBroadcaster>().BroadcastAsync("sessions.changed",
            new { sessionKey = key, reason, ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
}
