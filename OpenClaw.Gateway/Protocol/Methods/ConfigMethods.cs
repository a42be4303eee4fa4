using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenClaw.Gateway.Config;

namespace OpenClaw.Gateway.Protocol.Methods;

/// <summary>
/// <c>config.get</c> (snapshot + <c>hash</c>, secrets redacted), <c>config.set</c> (<c>{raw, baseHash?}</c>),
/// <c>config.patch</c> (<c>{raw: merge-patch JSON5, baseHash}</c>, at most 3 per minute per device+IP),
/// <c>config.schema</c> (JSON Schema of the config the gateway validates against).
/// </summary>
public static partial class ConfigMethods
{
    public const string Redacted = "__OPENCLAW_REDACTED__";
    private static readonly HashSet<string> SecretKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "apiKey", "token", "password", "botToken", "appToken", "signingSecret", "secret", "webhookSecret", "clientSecret",
    };

    private static readonly ConcurrentDictionary<string, Queue<long>> WriteLog = new(StringComparer.Ordinal);

    public static MethodRegistry MapConfigMethods(this MethodRegistry methods) => methods
        .Map("config.get", Get)
        .Map("config.set", Set)
        .Map("config.patch", Patch)
        .Map("config.schema", Schema);

    private static Task<object?> Get(MethodContext context)
    {
        var snapshot = context.Get<IConfigStore>().Current;
        JsonNode? parsed = null;
        if (snapshot.RawText is { } raw)
        {
            try
            {
                parsed = Json5Reader.Parse(raw).Root;
            }
            catch (Json5Exception)
            {
                parsed = null;
            }
        }

        var effective = JsonSerializer.SerializeToNode(snapshot.Config, ConfigJson.Options);
        return Task.FromResult<object?>(new JsonObject
        {
            ["path"] = snapshot.FilePath,
            ["exists"] = snapshot.Exists,
            ["raw"] = snapshot.RawText is null ? null : RedactRaw(snapshot.RawText),
            ["parsed"] = Redact(parsed ?? new JsonObject()),
            ["valid"] = true,
            ["config"] = Redact(effective),
            ["hash"] = snapshot.Hash,
            ["issues"] = new JsonArray(),
        });
    }

    private static async Task<object?> Set(MethodContext context)
    {
        var raw = context.OptionalString("raw") ?? throw GatewayMethodException.Invalid("invalid config.set params: must have required property 'raw'");
        CheckWriteRate(context);
        var result = await context.Get<IConfigStore>().WriteAsync(raw, context.OptionalString("baseHash"), context.CancellationToken);
        return Outcome(context, result);
    }

    private static async Task<object?> Patch(MethodContext context)
    {
        var raw = context.OptionalString("raw") ?? throw GatewayMethodException.Invalid("invalid config.patch params: must have required property 'raw'");
        var baseHash = context.RequiredString("baseHash");
        JsonObject patch;
        try
        {
            patch = Json5Reader.Parse(raw).Root as JsonObject ?? throw GatewayMethodException.Invalid("config.patch raw must be a JSON5 object (a merge patch)");
        }
        catch (Json5Exception ex)
        {
            throw GatewayMethodException.Invalid($"config.patch raw is not valid JSON5: {ex.Message}");
        }

        CheckWriteRate(context);
        var result = await context.Get<IConfigStore>().PatchAsync(patch, baseHash, context.CancellationToken);
        return Outcome(context, result);
    }

    private static Task<object?> Schema(MethodContext context) => Task.FromResult<object?>(new JsonObject
    {
        ["schema"] = ConfigSchema.Build(),
        ["version"] = GatewayInstance.CompatibleVersion,
        ["generatedAt"] = DateTimeOffset.UtcNow.ToString("O"),
    });

    private static object Outcome(MethodContext context, ConfigWriteResult result)
    {
        var issues = result.Errors.Select(e => new { path = e.Path, line = e.Line, message = e.Message, hint = e.Hint }).ToList();
        if (result.Conflict)
        {
            throw GatewayMethodException.Invalid("config changed since last load; re-run config.get and retry", new { code = "CONFIG_CONFLICT", hash = result.Hash });
        }

        if (!result.Ok)
        {
            throw GatewayMethodException.Invalid($"invalid config: {string.Join("; ", result.Errors.Select(e => e.ToString()))}", new { issues });
        }

        return new { ok = true, path = context.Get<IConfigStore>().FilePath, hash = result.Hash, restartRequired = result.RestartRequired };
    }

    /// <summary>Control-plane writes are limited to 3 per 60 s per device and IP (spec §1.5.2).</summary>
    private static void CheckWriteRate(MethodContext context)
    {
        var key = $"{context.Connection.DeviceId ?? "shared"}|{context.Connection.RemoteIp}";
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var log = WriteLog.GetOrAdd(key, _ => new Queue<long>());
        lock (log)
        {
            while (log.Count > 0 && log.Peek() <= now - 60_000)
            {
                log.Dequeue();
            }

            if (log.Count >= 3)
            {
                throw GatewayMethodException.Unavailable("config writes are limited to 3 per minute; retry later", log.Peek() + 60_000 - now);
            }

            log.Enqueue(now);
        }
    }

    internal static JsonNode? Redact(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (SecretKeys.Contains(key) && value is JsonValue)
                    {
                        obj[key] = Redacted;
                    }
                    else
                    {
                        Redact(value);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Redact(item);
                }

                break;
        }

        return node;
    }

    private static string RedactRaw(string raw) => SecretInRaw().Replace(raw, m => $"{m.Groups[1].Value}\"{Redacted}\"");

    [GeneratedRegex("""((?:["']?)(?:apiKey|token|password|botToken|appToken|signingSecret|secret|webhookSecret|clientSecret)(?:["']?)\s*:\s*)(?:"[^"]*"|'[^']*')""", RegexOptions.IgnoreCase)]
    private static partial Regex SecretInRaw();
}
