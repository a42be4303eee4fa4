using System.Globalization;
using System.Text.Json;
using OpenClaw.Gateway.Sessions;

namespace OpenClaw.Gateway.Tools.Sessions;

/// <summary><c>sessions_list</c>: the sessions this one can see, newest first, filtered by kind and recent activity.</summary>
public sealed class SessionsListTool(SessionToolsAccess access, TimeProvider clock) : IAgentTool
{
    public string Name => "sessions_list";

    public string Description => "List sessions (conversations) you can see, newest first, with their kind, channel and last activity.";

    public JsonElement ParametersSchema { get; } = ToolSchema.Parse("""
        {
          "type": "object",
          "properties": {
            "kinds": { "type": "array", "items": { "type": "string", "enum": ["main", "direct", "group", "cron", "hook", "subagent", "other"] }, "description": "Only these kinds" },
            "activeMinutes": { "type": "number", "description": "Only sessions active in the last N minutes" },
            "limit": { "type": "number", "description": "Maximum number of sessions (default 50)" }
          }
        }
        """);

    public async Task<ToolResult> InvokeAsync(JsonElement arguments, ToolContext context, CancellationToken cancellationToken)
    {
        var args = new ToolArguments(Name, arguments);
        var limit = Math.Clamp(args.GetInt("limit") ?? 50, 1, 500);
        var kinds = args.TryGet("kinds", [], out var k) && k.ValueKind == JsonValueKind.Array
            ? k.EnumerateArray().Select(x => x.GetString()?.ToLowerInvariant()).OfType<string>().ToHashSet()
            : null;
        var since = args.GetNumber("activeMinutes") is { } minutes ? clock.GetUtcNow().AddMinutes(-minutes).ToUnixTimeMilliseconds() : (long?)null;

        var visibility = access.EffectiveVisibility(context);
        var store = access.Stores.For(context.AgentId);
        var all = await store.ListAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<object>();
        var lines = new List<string>();
        foreach (var (key, entry) in all.OrderByDescending(e => e.Value.UpdatedAt))
        {
            var visible = visibility == "agent" || visibility == "all" || key == context.SessionKey
                || (visibility == "tree" && await IsVisibleAsync(context, key, cancellationToken).ConfigureAwait(false));
            if (!visible || (kinds is not null && !kinds.Contains(KindOf(key))) || (since is { } s && entry.UpdatedAt < s))
            {
                continue;
            }

            rows.Add(new
            {
                key,
                kind = KindOf(key),
                sessionId = entry.SessionId,
                channel = entry.LastChannel ?? entry.Channel,
                displayName = entry.DisplayName ?? entry.Label,
                updatedAt = entry.UpdatedAt,
                model = entry.Model,
                totalTokens = entry.TotalTokens,
                spawnedBy = entry.SpawnedBy,
            });
            lines.Add($"{key} ({KindOf(key)}) updated {DateTimeOffset.FromUnixTimeMilliseconds(entry.UpdatedAt).ToString("u", CultureInfo.InvariantCulture)}");
            if (rows.Count >= limit)
            {
                break;
            }
        }

        return new ToolResult(JsonSerializer.Serialize(new { count = rows.Count, sessions = rows }, ToolSchema.JsonOptions))
        {
            Details = ToolSchema.ToElement(new { count = rows.Count }),
        };
    }

    /// <summary>main, direct, group, cron, hook, subagent or other, from the key's shape.</summary>
    internal static string KindOf(string key) =>
        SessionKeys.IsMain(key) ? "main"
        : key.Contains(":subagent:", StringComparison.Ordinal) ? "subagent"
        : key.Contains(":cron:", StringComparison.Ordinal) || key.StartsWith("cron:", StringComparison.Ordinal) ? "cron"
        : key.Contains(":hook:", StringComparison.Ordinal) || key.StartsWith("hook:", StringComparison.Ordinal) ? "hook"
        : key.Contains(":group:", StringComparison.Ordinal) || key.Contains(":channel:", StringComparison.Ordinal) || key.Contains(":room:", StringComparison.Ordinal) ? "group"
        : key.Contains(":direct:", StringComparison.Ordinal) ? "direct"
        : "other";

    private async Task<bool> IsVisibleAsync(ToolContext context, string key, CancellationToken cancellationToken)
    {
        try
        {
            await access.EnsureVisibleAsync(context, key, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ToolException)
        {
            return false;
        }
    }
}
