using System.Text.RegularExpressions;

namespace OpenClaw.Gateway.Tools.Policy;

/// <summary>
/// One allow/deny pair of the policy pipeline. Names are case-insensitive, <c>*</c> is a wildcard and
/// <c>group:*</c> names expand to their members. Deny wins; an empty allow list allows everything not denied.
/// </summary>
public sealed record ToolPolicyLayer(string Source, IReadOnlyList<string>? Allow, IReadOnlyList<string>? Deny)
{
    /// <summary>Names upstream accepts for a tool in policies besides its own.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["bash"] = "exec",
        ["apply-patch"] = "apply_patch",
    };

    public bool Permits(string tool)
    {
        if (Deny is { Count: > 0 } && Matches(Deny, tool))
        {
            return false;
        }

        if (Allow is null || Allow.Count == 0)
        {
            return true;
        }

        // Allowing write implicitly allows apply_patch (spec §5.4).
        return Matches(Allow, tool) || (string.Equals(tool, "apply_patch", StringComparison.OrdinalIgnoreCase) && Matches(Allow, "write"));
    }

    public static bool Matches(IEnumerable<string> patterns, string tool)
    {
        foreach (var raw in patterns)
        {
            var pattern = Normalize(raw);
            if (pattern.Length == 0)
            {
                continue;
            }

            if (ToolGroups.Members.TryGetValue(pattern, out var members))
            {
                if (members.Contains(tool, StringComparer.OrdinalIgnoreCase))
                {
                    return true;
                }

                continue;
            }

            if (pattern.Contains('*', StringComparison.Ordinal))
            {
                var regex = "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$";
                if (Regex.IsMatch(tool, regex, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
                {
                    return true;
                }

                continue;
            }

            if (string.Equals(pattern, tool, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string Normalize(string name)
    {
        var trimmed = name.Trim();
        return Aliases.TryGetValue(trimmed, out var canonical) ? canonical : trimmed;
    }
}
