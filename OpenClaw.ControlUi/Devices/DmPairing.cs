using System.Globalization;
using System.Text.Json;
using OpenClaw.ControlUi.Gateway;

namespace OpenClaw.ControlUi.Devices;

/// <summary>A chat sender waiting for its DM pairing code to be approved (<c>pairing.list</c> → <c>requests[]</c>).</summary>
public sealed record DmPairingRequest(string Channel, string Id, string Code, string? AccountId, string? From, DateTimeOffset? CreatedAt, DateTimeOffset? LastSeenAt);

/// <summary>A sender on a channel's allow-list (<c>pairing.list</c> → <c>allowFrom[]</c>).</summary>
public sealed record DmApprovedSender(string Channel, string Id, string? AccountId);

/// <summary>Everything the DM pairing section shows, grouped by channel.</summary>
public sealed record DmPairingState(IReadOnlyList<DmPairingRequest> Requests, IReadOnlyList<DmApprovedSender> Approved)
{
    public static readonly DmPairingState Empty = new([], []);

    public IReadOnlyList<string> Channels =>
        [.. Requests.Select(r => r.Channel).Concat(Approved.Select(a => a.Channel)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>Reads a <c>pairing.list</c> answer; rows without channel or id/code are skipped, never thrown on.</summary>
    public static DmPairingState Parse(JsonElement list)
    {
        var requests = list.Items("requests")
            .Select(r => (Channel: r.Str("channel"), Id: r.Str("id"), Code: r.Str("code"), Row: r))
            .Where(r => r.Channel is { Length: > 0 } && r.Code is { Length: > 0 })
            .Select(r => new DmPairingRequest(r.Channel!, r.Id ?? "", r.Code!, r.Row.Prop("meta").Str("accountId"), FromOf(r.Row.Prop("meta")),
                TimeOf(r.Row, "createdAt"), TimeOf(r.Row, "lastSeenAt")))
            .OrderBy(r => r.Channel, StringComparer.Ordinal).ThenByDescending(r => r.CreatedAt)
            .ToList();
        var approved = list.Items("allowFrom")
            .Where(a => a.Str("channel") is { Length: > 0 } && a.Str("id") is { Length: > 0 })
            .Select(a => new DmApprovedSender(a.Str("channel")!, a.Str("id")!, a.Str("accountId")))
            .OrderBy(a => a.Channel, StringComparer.Ordinal).ThenBy(a => a.Id, StringComparer.Ordinal)
            .ToList();
        return new DmPairingState(requests, approved);
    }

    /// <summary>Who asked, as the channel described them (username, name), when it did.</summary>
    private static string? FromOf(JsonElement? meta)
    {
        if (meta.Str("username") is { Length: > 0 } user)
        {
            return user.StartsWith('@') ? user : "@" + user;
        }

        var name = string.Join(" ", new[] { meta.Str("firstName"), meta.Str("lastName") }.Where(s => !string.IsNullOrWhiteSpace(s)));
        return name.Length > 0 ? name : meta.Str("name") ?? meta.Str("displayName") ?? meta.Str("tag");
    }

    /// <summary>Upstream's pairing file keeps ISO strings; epoch milliseconds are accepted too.</summary>
    private static DateTimeOffset? TimeOf(JsonElement row, string name) =>
        row.Long(name) is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
        : row.Str(name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when) ? when
        : null;
}
