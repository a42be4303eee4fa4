using System.Globalization;
using Docker.DotNet.Models;
using OpenClaw.Contracts.Sandbox;

namespace OpenClaw.SandboxManager.Docker;

/// <summary>The <c>docker create</c> of a sandbox: upstream's flags (spec §6.2) as Engine API parameters.</summary>
public static class SandboxContainerFactory
{
    public static CreateContainerParameters Create(SandboxSpec spec, long createdAtMs)
    {
        var securityOpt = new List<string> { "no-new-privileges" };
        if (spec.SeccompProfile is { Length: > 0 } seccomp)
        {
            // The Engine API wants the profile itself; the docker CLI reads the file the same way.
            securityOpt.Add(seccomp is "unconfined" or "default" ? $"seccomp={seccomp}" : $"seccomp={ReadProfile(seccomp)}");
        }

        if (spec.ApparmorProfile is { Length: > 0 } apparmor)
        {
            securityOpt.Add($"apparmor={apparmor}");
        }

        var host = new HostConfig
        {
            Binds = [.. spec.Mounts.Select(m => $"{m.HostPath}:{m.ContainerPath}:{(m.ReadOnly ? "ro" : "rw")}")],
            NetworkMode = spec.Network,
            CapDrop = [.. spec.CapDrop],
            SecurityOpt = securityOpt,
            ReadonlyRootfs = spec.ReadOnlyRoot,
            Tmpfs = spec.Tmpfs.ToDictionary(t => t, _ => ""),
            PidsLimit = spec.PidsLimit is > 0 ? spec.PidsLimit : null,
            Memory = spec.Memory ?? 0,
            MemorySwap = spec.MemorySwap ?? 0,
            NanoCPUs = spec.Cpus is > 0 ? (long)(spec.Cpus.Value * 1_000_000_000) : 0,
            Ulimits = [.. spec.Ulimits.Select(u => new Ulimit { Name = u.Name, Soft = u.Soft, Hard = u.Hard })],
            DNS = [.. spec.Dns],
            ExtraHosts = [.. spec.ExtraHosts],
        };

        return new CreateContainerParameters
        {
            Name = spec.ContainerName,
            Image = spec.Image,
            Cmd = ["sleep", "infinity"],
            WorkingDir = spec.Workdir,
            User = spec.User,
            Env = [.. spec.Env.Select(e => $"{e.Key}={e.Value}")],
            Labels = Labels(spec, createdAtMs),
            HostConfig = host,
        };
    }

    public static Dictionary<string, string> Labels(SandboxSpec spec, long createdAtMs) => new()
    {
        [SandboxDefaults.LabelSandbox] = "1",
        [SandboxDefaults.LabelSessionKey] = spec.ScopeKey,
        [SandboxDefaults.LabelCreatedAtMs] = createdAtMs.ToString(CultureInfo.InvariantCulture),
        [SandboxDefaults.LabelConfigHash] = spec.ConfigHash,
        [SandboxDefaults.LabelScope] = spec.Scope,
    };

    private static string ReadProfile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SandboxFailure(SandboxErrorCodes.BadRequest,
                $"sandbox.docker.seccompProfile: cannot read {path} ({ex.Message}); fix the path or remove the option");
        }
    }
}
