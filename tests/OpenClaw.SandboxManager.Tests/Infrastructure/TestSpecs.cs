using System.Security.Cryptography;
using System.Text;
using OpenClaw.Contracts.Sandbox;

namespace OpenClaw.SandboxManager.Tests.Infrastructure;

/// <summary>Specs as the gateway's resolver makes them: workspace mounts by access mode, upstream defaults.</summary>
public static class TestSpecs
{
    public static SandboxSpec Create(
        SandboxTestEnvironment env, string scopeKey, string access = "none", string? agentWorkspace = null, string configSalt = "")
    {
        var slug = Slug(scopeKey);
        var sandboxWorkspace = Path.Combine(env.StateDir, "sandboxes", slug);
        agentWorkspace ??= Path.Combine(env.StateDir, "workspace");
        var workspaceDir = access == "rw" ? agentWorkspace : sandboxWorkspace;
        var mounts = new List<SandboxMount> { new(workspaceDir, "/workspace", false) };
        if (access != "none" && workspaceDir != agentWorkspace)
        {
            mounts.Add(new SandboxMount(agentWorkspace, "/agent", access == "ro"));
        }

        return new SandboxSpec
        {
            ScopeKey = scopeKey,
            Scope = scopeKey == "shared" ? "shared" : scopeKey.Count(c => c == ':') == 1 ? "agent" : "session",
            ContainerName = env.Prefix + slug,
            WorkspaceAccess = access,
            WorkspaceDir = workspaceDir,
            AgentWorkspaceDir = agentWorkspace,
            Mounts = mounts,
            ConfigHash = Hash($"{access}|{workspaceDir}|{configSalt}"),
        };
    }

    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Slug(string scopeKey)
    {
        var cleaned = new string([.. scopeKey.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-')]).Trim('-');
        return $"{cleaned[..Math.Min(32, cleaned.Length)]}-{Hash(scopeKey)[..8]}";
    }
}
