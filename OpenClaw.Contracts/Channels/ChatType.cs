namespace OpenClaw.Contracts.Channels;

/// <summary>Kind of conversation a message belongs to, as in upstream's <c>ChatType</c> and binding <c>peer.kind</c>.</summary>
public enum ChatType
{
    Direct,
    Group,
    Channel,
}
