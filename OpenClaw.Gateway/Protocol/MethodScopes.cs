using OpenClaw.Contracts.Protocol;

namespace OpenClaw.Gateway.Protocol;

/// <summary>
/// The operator scope each method needs (spec §1.5.6, checked against upstream's answers): reads need
/// <c>operator.read</c> (also granted by write), changes <c>operator.write</c>, pairing
/// <c>operator.pairing</c>, and the reserved prefixes (<c>config.*</c> writes, <c>exec.approvals.*</c>,
/// <c>wizard.*</c>, <c>update.*</c>) <c>operator.admin</c>. Unlisted methods need admin.
/// </summary>
public static class MethodScopes
{
    private static readonly Dictionary<string, string> Explicit = new(StringComparer.Ordinal)
    {
        ["health"] = OperatorScopes.Read,
        ["status"] = OperatorScopes.Read,
        ["system-presence"] = OperatorScopes.Read,
        ["logs.tail"] = OperatorScopes.Read,
        ["models.list"] = OperatorScopes.Read,
        ["channels.status"] = OperatorScopes.Read,
        ["tools.catalog"] = OperatorScopes.Read,
        ["chat.history"] = OperatorScopes.Read,
        ["sessions.list"] = OperatorScopes.Read,
        ["sessions.preview"] = OperatorScopes.Read,
        ["agent.wait"] = OperatorScopes.Read,
        ["config.get"] = OperatorScopes.Read,
        ["config.schema"] = OperatorScopes.Read,
        ["chat.send"] = OperatorScopes.Write,
        ["chat.abort"] = OperatorScopes.Write,
        ["chat.inject"] = OperatorScopes.Write,
        ["agent"] = OperatorScopes.Write,
        ["sessions.patch"] = OperatorScopes.Write,
        ["sessions.reset"] = OperatorScopes.Write,
        ["sessions.delete"] = OperatorScopes.Write,
        ["cron.list"] = OperatorScopes.Read,
        ["cron.status"] = OperatorScopes.Read,
        ["cron.runs"] = OperatorScopes.Read,
        ["sandbox.list"] = OperatorScopes.Read,
        ["sandbox.explain"] = OperatorScopes.Read,
        ["sandbox.recreate"] = OperatorScopes.Admin,
        ["sandbox.prune"] = OperatorScopes.Admin,
        ["config.set"] = OperatorScopes.Admin,
        ["config.patch"] = OperatorScopes.Admin,
        ["config.apply"] = OperatorScopes.Admin,
        ["device.pair.list"] = OperatorScopes.Pairing,
        ["device.pair.approve"] = OperatorScopes.Pairing,
        ["device.pair.reject"] = OperatorScopes.Pairing,
        ["device.pair.remove"] = OperatorScopes.Pairing,
        ["device.token.rotate"] = OperatorScopes.Pairing,
        ["device.token.revoke"] = OperatorScopes.Pairing,
        ["pairing.list"] = OperatorScopes.Pairing,
        ["pairing.approve"] = OperatorScopes.Pairing,
        ["pairing.reject"] = OperatorScopes.Pairing,
        ["pairing.revoke"] = OperatorScopes.Pairing,
        ["send"] = OperatorScopes.Write,
    };

    public static string Required(string method) => Explicit.GetValueOrDefault(method, OperatorScopes.Admin);

    public static ErrorShape MissingScope(string scope) => new()
    {
        Code = ErrorCodes.Forbidden,
        Message = $"missing scope: {scope}",
        Details = new Dictionary<string, object?>
        {
            ["code"] = AuthDetailCodes.MissingScope,
            ["missingScope"] = scope,
            ["requiredScopes"] = new[] { scope },
        },
    };
}
