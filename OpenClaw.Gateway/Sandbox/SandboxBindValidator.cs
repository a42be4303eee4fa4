using OpenClaw.Contracts.Sandbox;

namespace OpenClaw.Gateway.Sandbox;

/// <summary>
/// Validates <c>docker.binds</c> (<c>host:container[:ro|rw]</c>): the Docker socket, system directories, their
/// parents and home credential directories never reach a sandbox; symlinks are resolved first.
/// </summary>
public static class SandboxBindValidator
{
    private static readonly string[] BlockedSystemPaths = ["/etc", "/proc", "/sys", "/dev", "/var/run/docker.sock", "/run/docker.sock"];
    private static readonly string[] CredentialDirs = [".aws", ".cargo", ".config", ".docker", ".gnupg", ".netrc", ".npm", ".ssh"];
    private static readonly string[] ReservedTargets = [SandboxDefaults.Workdir, SandboxDefaults.AgentMountPath];

    public static SandboxMount Parse(string bind, string keyPath, string home, bool allowReservedTargets)
    {
        var parts = bind.Split(':');
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0 || parts[1].Length == 0 || !parts[1].StartsWith('/'))
        {
            throw new SandboxConfigException($"{keyPath}: \"{bind}\" is not host:container[:ro|rw] with an absolute container path");
        }

        var readOnly = parts.Length == 3 && parts[2] switch
        {
            "ro" => true,
            "rw" => false,
            _ => throw new SandboxConfigException($"{keyPath}: mode \"{parts[2]}\" in \"{bind}\" must be ro or rw"),
        };

        var source = Resolve(parts[0]);
        foreach (var blocked in BlockedSystemPaths)
        {
            if (IsSameOrUnder(source, blocked) || IsSameOrUnder(blocked, source))
            {
                throw new SandboxConfigException($"{keyPath}: \"{parts[0]}\" is blocked: it is (or contains) {blocked}, which a sandbox must not see");
            }
        }

        foreach (var dir in CredentialDirs)
        {
            var credential = Path.Combine(home, dir);
            if (IsSameOrUnder(source, credential) || IsSameOrUnder(credential, source))
            {
                throw new SandboxConfigException($"{keyPath}: \"{parts[0]}\" is blocked: it exposes the credential directory {credential}");
            }
        }

        var target = parts[1].TrimEnd('/');
        if (!allowReservedTargets && ReservedTargets.Any(r => IsSameOrUnder(target, r)))
        {
            throw new SandboxConfigException(
                $"{keyPath}: container path \"{parts[1]}\" is reserved for workspaces; set dangerouslyAllowReservedContainerTargets to override");
        }

        return new SandboxMount(source, parts[1], readOnly);
    }

    private static string Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            var info = new FileInfo(full);
            var target = info.ResolveLinkTarget(returnFinalTarget: true) ?? new DirectoryInfo(full).ResolveLinkTarget(returnFinalTarget: true);
            return target?.FullName ?? full;
        }
        catch (IOException)
        {
            return full;
        }
    }

    private static bool IsSameOrUnder(string path, string root)
    {
        var p = path.TrimEnd('/');
        var r = root.TrimEnd('/');
        return p == r || p.StartsWith(r + "/", StringComparison.Ordinal) || (r.Length == 0 && p.Length == 0);
    }
}
