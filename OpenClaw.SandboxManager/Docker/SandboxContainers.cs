using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using OpenClaw.Contracts.Sandbox;

namespace OpenClaw.SandboxManager.Docker;

/// <summary>
/// Upstream's ensureContainer (spec §6.3): one container per scope key, recreated when its config hash changes unless
/// it is hot (used within 5 minutes), created from the image with setupCommand run once, started when stopped.
/// </summary>
public sealed partial class SandboxContainers(
    IDockerClient docker, SandboxExec exec, WarmRunnerPool runners, SandboxRegistry registry, TimeProvider time, ILogger<SandboxContainers> logger)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    // A container verified recently with the same hash is used without another inspect (hot path of exec).
    private readonly ConcurrentDictionary<string, (string Id, string Hash, long CheckedAtMs)> _verified = new(StringComparer.Ordinal);
    private static readonly TimeSpan VerifiedFor = TimeSpan.FromSeconds(2);

    public async Task<EnsureOutcome> EnsureAsync(SandboxSpec spec, CancellationToken cancellationToken)
    {
        SandboxSpecValidator.Validate(spec);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (_verified.TryGetValue(spec.ContainerName, out var known) && known.Hash == spec.ConfigHash && now - known.CheckedAtMs < VerifiedFor.TotalMilliseconds)
        {
            await TouchAsync(spec, known.Hash, createdAtMs: null);
            return new EnsureOutcome(new EnsureSandboxResult(spec.ContainerName, known.Id, "reused", known.Hash), []);
        }

        var gate = _locks.GetOrAdd(spec.ContainerName, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var outcome = await EnsureLockedAsync(spec, cancellationToken);
            _verified[spec.ContainerName] = (outcome.Result.ContainerId, outcome.Result.ConfigHash, time.GetUtcNow().ToUnixTimeMilliseconds());
            return outcome;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Forgets the cached verification (the container vanished under us).</summary>
    public void Invalidate(string containerName) => _verified.TryRemove(containerName, out _);

    public async Task<ContainerInspectResponse?> InspectAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await docker.Containers.InspectContainerAsync(name, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
    }

    public async Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken)
    {
        try
        {
            await docker.Images.InspectImageAsync(image, cancellationToken);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>Every sandbox container (label <c>openclaw.sandbox=1</c>), optionally only those with a name prefix.</summary>
    public async Task<IReadOnlyList<SandboxContainerInfo>> ListAsync(string? prefix, CancellationToken cancellationToken)
    {
        var containers = await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{SandboxDefaults.LabelSandbox}=1"] = true } },
        }, cancellationToken);
        var entries = await registry.AllAsync();
        return [.. containers
            .Select(c => (Container: c, Name: c.Names.FirstOrDefault()?.TrimStart('/') ?? c.ID))
            .Where(c => prefix is null || c.Name.StartsWith(prefix, StringComparison.Ordinal))
            .Select(c => new SandboxContainerInfo
            {
                ContainerName = c.Name,
                SessionKey = c.Container.Labels.TryGetValue(SandboxDefaults.LabelSessionKey, out var key) ? key : "",
                Status = c.Container.State,
                Image = c.Container.Image,
                ConfigHash = c.Container.Labels.TryGetValue(SandboxDefaults.LabelConfigHash, out var hash) ? hash : null,
                CreatedAtMs = c.Container.Labels.TryGetValue(SandboxDefaults.LabelCreatedAtMs, out var created)
                    && long.TryParse(created, CultureInfo.InvariantCulture, out var ms) ? ms : new DateTimeOffset(c.Container.Created).ToUnixTimeMilliseconds(),
                LastUsedAtMs = entries.TryGetValue(c.Name, out var entry) ? entry.LastUsedAtMs : null,
            })
            .OrderBy(c => c.ContainerName, StringComparer.Ordinal)];
    }

    /// <summary><c>docker rm -f</c> and forget; recreated lazily on next use.</summary>
    public async Task RemoveAsync(string name, CancellationToken cancellationToken)
    {
        if (_verified.TryGetValue(name, out var known))
        {
            runners.Forget(known.Id);
        }

        Invalidate(name);
        try
        {
            await docker.Containers.RemoveContainerAsync(name, new ContainerRemoveParameters { Force = true }, cancellationToken);
        }
        catch (DockerContainerNotFoundException)
        {
        }

        await registry.RemoveAsync(name);
    }

    private async Task<EnsureOutcome> EnsureLockedAsync(SandboxSpec spec, CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        var existing = await InspectAsync(spec.ContainerName, cancellationToken);
        var action = "reused";
        if (existing is not null)
        {
            var entry = await registry.GetAsync(spec.ContainerName);
            var currentHash = Label(existing, SandboxDefaults.LabelConfigHash) ?? entry?.ConfigHash;
            if (currentHash != spec.ConfigHash)
            {
                var now = time.GetUtcNow().ToUnixTimeMilliseconds();
                var hot = existing.State.Running && (entry is null || now - entry.LastUsedAtMs < SandboxDefaults.HotWindow.TotalMilliseconds);
                if (hot)
                {
                    var warning = $"Sandbox config changed for {spec.ContainerName} (recently used). Recreate to apply: {RecreateCommand(spec)}";
                    LogHotMismatch(logger, warning);
                    warnings.Add(warning);
                    await TouchAsync(spec, currentHash ?? "", CreatedAtMs(existing));
                    return new EnsureOutcome(new EnsureSandboxResult(spec.ContainerName, existing.ID, "kept-hot", currentHash ?? ""), warnings);
                }

                LogRecreating(logger, spec.ContainerName);
                await RemoveAsync(spec.ContainerName, cancellationToken);
                existing = null;
                action = "recreated";
            }
        }

        if (existing is null)
        {
            var id = await CreateAsync(spec, cancellationToken);
            return new EnsureOutcome(new EnsureSandboxResult(spec.ContainerName, id, action == "recreated" ? action : "created", spec.ConfigHash), warnings);
        }

        if (!existing.State.Running)
        {
            await docker.Containers.StartContainerAsync(existing.ID, new ContainerStartParameters(), cancellationToken);
            action = "started";
        }

        await TouchAsync(spec, spec.ConfigHash, CreatedAtMs(existing));
        return new EnsureOutcome(new EnsureSandboxResult(spec.ContainerName, existing.ID, action, spec.ConfigHash), warnings);
    }

    private async Task<string> CreateAsync(SandboxSpec spec, CancellationToken cancellationToken)
    {
        if (!await ImageExistsAsync(spec.Image, cancellationToken))
        {
            throw new SandboxFailure(SandboxErrorCodes.ImageMissing, spec.Image == SandboxDefaults.Image
                ? $"Sandbox image {spec.Image} is missing. Build it with {SandboxDefaults.SetupScript} (from the OpenClaw.NET repository), then retry."
                : $"Sandbox image {spec.Image} is missing. Build or pull it first (agents.defaults.sandbox.docker.image), or build the default image with {SandboxDefaults.SetupScript}.");
        }

        // The workspace directories are ours to create; other bind sources must already exist.
        foreach (var mount in spec.Mounts.Where(m => m.HostPath == spec.WorkspaceDir || m.HostPath == spec.AgentWorkspaceDir))
        {
            Directory.CreateDirectory(mount.HostPath);
        }

        var createdAtMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        string id;
        try
        {
            id = (await docker.Containers.CreateContainerAsync(SandboxContainerFactory.Create(spec, createdAtMs), cancellationToken)).ID;
        }
        catch (DockerApiException ex) when (ex.StatusCode == HttpStatusCode.Conflict)
        {
            // Another manager created it first: use theirs.
            var theirs = await InspectAsync(spec.ContainerName, cancellationToken)
                ?? throw new SandboxFailure(SandboxErrorCodes.Internal, $"container {spec.ContainerName} conflicts but cannot be found: {ex.ResponseBody}");
            await TouchAsync(spec, spec.ConfigHash, CreatedAtMs(theirs));
            return theirs.ID;
        }
        catch (DockerApiException ex)
        {
            throw new SandboxFailure(SandboxErrorCodes.BadRequest, $"Docker refused to create sandbox {spec.ContainerName}: {ex.ResponseBody.Trim()}");
        }

        try
        {
            await docker.Containers.StartContainerAsync(id, new ContainerStartParameters(), cancellationToken);
        }
        catch (DockerApiException ex)
        {
            await docker.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
            throw new SandboxFailure(SandboxErrorCodes.BadRequest, $"Docker could not start sandbox {spec.ContainerName}: {ex.ResponseBody.Trim()}");
        }

        LogCreated(logger, spec.ContainerName, spec.ScopeKey);
        if (spec.SetupCommand is { Length: > 0 } setup)
        {
            var outcome = await exec.RunAsync(id, new ExecCommand(["/bin/sh", "-lc", setup]) { Timeout = TimeSpan.FromMinutes(10) }, cancellationToken);
            if (outcome.ExitCode != 0)
            {
                // Without the container the next use runs setupCommand again instead of using a half-set-up sandbox.
                await docker.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
                throw new SandboxFailure(SandboxErrorCodes.BadRequest,
                    $"sandbox.docker.setupCommand failed in {spec.ContainerName} (exit {outcome.ExitCode}): {Tail(outcome.Stderr + outcome.Stdout)}");
            }
        }

        await TouchAsync(spec, spec.ConfigHash, createdAtMs, mirrorNow: true);
        return id;
    }

    private async Task TouchAsync(SandboxSpec spec, string hash, long? createdAtMs, bool mirrorNow = false)
    {
        var previous = createdAtMs is null ? await registry.GetAsync(spec.ContainerName) : null;
        await registry.UpsertAsync(new SandboxRegistryEntry
        {
            ContainerName = spec.ContainerName,
            SessionKey = spec.ScopeKey,
            CreatedAtMs = createdAtMs ?? previous?.CreatedAtMs ?? time.GetUtcNow().ToUnixTimeMilliseconds(),
            LastUsedAtMs = time.GetUtcNow().ToUnixTimeMilliseconds(),
            Image = spec.Image,
            ConfigHash = hash,
            IdleHours = spec.Prune.IdleHours,
            MaxAgeDays = spec.Prune.MaxAgeDays,
        }, mirrorNow);
    }

    private static long CreatedAtMs(ContainerInspectResponse container) =>
        Label(container, SandboxDefaults.LabelCreatedAtMs) is { } text && long.TryParse(text, CultureInfo.InvariantCulture, out var ms)
            ? ms
            : new DateTimeOffset(container.Created).ToUnixTimeMilliseconds();

    private static string? Label(ContainerInspectResponse container, string name) =>
        container.Config.Labels is { } labels && labels.TryGetValue(name, out var value) ? value : null;

    private static string RecreateCommand(SandboxSpec spec) => spec.Scope switch
    {
        "shared" => "openclaw sandbox recreate --all",
        "session" => $"openclaw sandbox recreate --session {spec.ScopeKey}",
        _ => $"openclaw sandbox recreate --agent {(spec.ScopeKey.StartsWith("agent:", StringComparison.Ordinal) ? spec.ScopeKey[6..] : spec.ScopeKey)}",
    };

    private static string Tail(string text) => text.Length > 2000 ? text[^2000..].Trim() : text.Trim();

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Warning}")]
    private static partial void LogHotMismatch(ILogger logger, string warning);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox config changed for {ContainerName}; recreating it")]
    private static partial void LogRecreating(ILogger logger, string containerName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created sandbox {ContainerName} for {ScopeKey}")]
    private static partial void LogCreated(ILogger logger, string containerName, string scopeKey);
}

public sealed record EnsureOutcome(EnsureSandboxResult Result, IReadOnlyList<string> Warnings);
