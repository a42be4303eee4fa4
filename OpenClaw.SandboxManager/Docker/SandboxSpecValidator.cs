using System.Text.RegularExpressions;
using OpenClaw.Contracts.Sandbox;

namespace OpenClaw.SandboxManager.Docker;

/// <summary>Checks a spec received over Redis before it reaches Docker: managers trust no sender blindly.</summary>
public static partial class SandboxSpecValidator
{
    public static void Validate(SandboxSpec spec)
    {
        Require(ContainerName().IsMatch(spec.ContainerName ?? ""), $"spec.containerName \"{spec.ContainerName}\" is not a valid container name");
        Require(!string.IsNullOrWhiteSpace(spec.ScopeKey), "spec.scopeKey is empty");
        Require(!string.IsNullOrWhiteSpace(spec.Image), "spec.image is empty");
        Require(!string.IsNullOrWhiteSpace(spec.ConfigHash), "spec.configHash is empty");
        Require(spec.Workdir?.StartsWith('/') == true, $"spec.workdir \"{spec.Workdir}\" must be an absolute container path");
        Require(Path.IsPathRooted(spec.WorkspaceDir), $"spec.workspaceDir \"{spec.WorkspaceDir}\" must be an absolute host path");
        Require(spec.Network != "host", "spec.network \"host\" is blocked for sandboxes");
        Require(spec.WorkspaceAccess is "none" or "ro" or "rw", $"spec.workspaceAccess \"{spec.WorkspaceAccess}\" is not none, ro or rw");
        foreach (var mount in spec.Mounts ?? [])
        {
            Require(Path.IsPathRooted(mount.HostPath) && mount.ContainerPath.StartsWith('/'), $"spec.mounts: {mount.HostPath}:{mount.ContainerPath} must use absolute paths");
            Require(!mount.HostPath.EndsWith("docker.sock", StringComparison.Ordinal), "spec.mounts: the Docker socket is never mounted into a sandbox");
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new SandboxFailure(SandboxErrorCodes.BadRequest, message);
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$")]
    private static partial Regex ContainerName();
}
