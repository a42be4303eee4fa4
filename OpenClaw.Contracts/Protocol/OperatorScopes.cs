namespace OpenClaw.Contracts.Protocol;

/// <summary>Roles and operator scopes of a gateway connection (spec §1.5.6).</summary>
public static class OperatorScopes
{
    public const string Admin = "operator.admin";
    public const string Read = "operator.read";
    public const string Write = "operator.write";
    public const string Approvals = "operator.approvals";
    public const string Pairing = "operator.pairing";
    public const string Questions = "operator.questions";
    public const string Talk = "operator.talk";
    public const string TalkSecrets = "operator.talk.secrets";

    /// <summary>What a valid shared secret grants: full operator.</summary>
    public static IReadOnlyList<string> All { get; } = [Admin, Read, Write, Approvals, Questions, Pairing, TalkSecrets];
}

public static class GatewayRoles
{
    public const string Operator = "operator";
    public const string Node = "node";
    public const string Worker = "worker";
}
