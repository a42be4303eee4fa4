using System.Text.Json;
using OpenClaw.Gateway.Config;
using OpenClaw.Gateway.Http;

namespace OpenClaw.Gateway.Webhooks;

/// <summary>
/// The effective <c>hooks.*</c> settings from the live config (spec §10.2): off unless <c>hooks.enabled</c> with a
/// <c>hooks.token</c> that differs from the gateway's; base path <c>/hooks</c>; bodies up to 256 KiB; request session
/// keys refused unless allowed (and then only under <c>hook:</c>).
/// </summary>
public sealed class HooksSettings(IConfigStore config, GatewayEnv env, GatewayAuth gatewayAuth)
{
    public const int DefaultMaxBodyBytes = 262_144;

    private HooksConfig Section => config.Current.Config.Hooks;

    public bool Enabled => Section.Enabled == true && Problem is null;

    /// <summary>Why hooks are off although enabled (missing or reused token, bad path), for the log and the 503 body.</summary>
    public string? Problem
    {
        get
        {
            if (Section.Enabled != true)
            {
                return null;
            }

            if (Token is null)
            {
                return "hooks.token is required when hooks.enabled is true (set a long random secret dedicated to hooks)";
            }

            if (gatewayAuth.Token is { } gatewayToken && GatewayAuth.FixedTimeEquals(Token, gatewayToken))
            {
                return "hooks.token must differ from the gateway token (gateway.auth.token / OPENCLAW_GATEWAY_TOKEN)";
            }

            return BasePath == "" ? "hooks.path must not be \"/\" (use e.g. \"/hooks\")" : null;
        }
    }

    public string? Token => Section.Token?.Resolve(env.Get) is { Length: > 0 } token ? token : null;

    /// <summary><c>hooks.path</c> without a trailing slash; "" when it is "/" (refused).</summary>
    public string BasePath
    {
        get
        {
            var path = string.IsNullOrWhiteSpace(Section.Path) ? "/hooks" : Section.Path.Trim();
            path = "/" + path.Trim('/');
            return path == "/" ? "" : path;
        }
    }

    public int MaxBodyBytes => Section.MaxBodyBytes is > 0 and var max ? max : DefaultMaxBodyBytes;

    public string? DefaultSessionKey => Section.DefaultSessionKey is { Length: > 0 } key ? key : null;

    public bool AllowRequestSessionKey => Section.AllowRequestSessionKey == true;

    public IReadOnlyList<string> AllowedSessionKeyPrefixes => Section.AllowedSessionKeyPrefixes ?? ["hook:"];

    /// <summary>True when an explicit <c>agentId</c> may be routed to: no list or <c>*</c> allows any; <c>[]</c> none.</summary>
    public bool IsAgentAllowed(string agentId) =>
        Section.AllowedAgentIds is not { } allowed || allowed.Contains("*") || allowed.Contains(agentId, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<HookMapping> Mappings =>
        Section.Mappings is { ValueKind: JsonValueKind.Array } list
            ? [.. list.EnumerateArray().Where(m => m.ValueKind == JsonValueKind.Object).Select(HookMapping.From)]
            : [];
}
