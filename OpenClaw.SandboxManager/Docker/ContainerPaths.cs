using OpenClaw.Contracts.Sandbox;

namespace OpenClaw.SandboxManager.Docker;

/// <summary>
/// Where file tools may reach inside a sandbox: the workdir (reads and writes) and, with workspaceAccess ro, the
/// read-only agent workspace at /agent (reads only). Relative paths resolve against the workdir; <c>..</c> cannot leave it.
/// </summary>
public static class ContainerPaths
{
    public static string Resolve(SandboxSpec spec, string path, bool forWrite)
    {
        if (string.IsNullOrWhiteSpace(path) || path.Contains('\0', StringComparison.Ordinal))
        {
            throw new SandboxFailure(SandboxErrorCodes.BadRequest, "path is empty; give a file path relative to the workspace");
        }

        var combined = path.StartsWith('/') ? path : $"{spec.Workdir.TrimEnd('/')}/{path}";
        var normalized = Normalize(combined);
        var roots = new List<string> { Normalize(spec.Workdir) };
        if (!forWrite && spec.Mounts.Any(m => m.ContainerPath == SandboxDefaults.AgentMountPath))
        {
            roots.Add(SandboxDefaults.AgentMountPath);
        }

        if (!roots.Any(root => normalized == root || normalized.StartsWith(root + "/", StringComparison.Ordinal)))
        {
            throw new SandboxFailure(SandboxErrorCodes.PathOutsideWorkspace,
                forWrite && normalized.StartsWith(SandboxDefaults.AgentMountPath + "/", StringComparison.Ordinal)
                    ? $"{path}: /agent is the read-only agent workspace; write inside {spec.Workdir} instead"
                    : $"{path}: outside the sandbox workspace; use a path under {string.Join(" or ", roots)}");
        }

        if (normalized == roots[0] && forWrite)
        {
            throw new SandboxFailure(SandboxErrorCodes.BadRequest, $"{path}: is the workspace directory itself, not a file");
        }

        return normalized;
    }

    /// <summary>Collapses <c>.</c>, <c>..</c> and repeated slashes; <c>..</c> above the root stays at the root.</summary>
    public static string Normalize(string absolute)
    {
        var parts = new List<string>();
        foreach (var part in absolute.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }

                continue;
            }

            parts.Add(part);
        }

        return "/" + string.Join('/', parts);
    }
}
