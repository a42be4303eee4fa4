using System.Text;
using Docker.DotNet;
using OpenClaw.Contracts.Sandbox;
using OpenClaw.SandboxManager.Docker;
using OpenClaw.SandboxManager.Pruning;

namespace OpenClaw.SandboxManager.Requests;

/// <summary>Serves one request: ensures the sandbox when the operation needs one, runs the operation, builds the reply.</summary>
public sealed class SandboxRequestHandler(SandboxContainers containers, SandboxExec exec, SandboxFiles files, SandboxPruner pruner)
{
    public async Task<(SandboxResult Result, IReadOnlyList<string> Warnings)> HandleAsync(SandboxRequest request, CancellationToken cancellationToken)
    {
        switch (request)
        {
            case ListSandboxesRequest list:
                return (new ListSandboxesResult(await containers.ListAsync(list.ContainerPrefix, cancellationToken)), []);
            case RecreateSandboxesRequest recreate:
                return (await RecreateAsync(recreate, cancellationToken), []);
            case PruneSandboxesRequest prune:
                return (new PruneSandboxesResult(await pruner.PruneAsync(prune.IdleHours, prune.MaxAgeDays, prune.ContainerPrefix, cancellationToken)), []);
            case ExplainSandboxRequest explain:
                return (await ExplainAsync(explain.Spec, cancellationToken), []);
            case SandboxSpecRequest withSpec:
                if (withSpec.Spec is null)
                {
                    throw new SandboxFailure(SandboxErrorCodes.BadRequest, "spec is missing; every sandbox operation carries the SandboxSpec of its session");
                }

                return await WithContainerAsync(withSpec, cancellationToken);
            default:
                throw new SandboxFailure(SandboxErrorCodes.BadRequest, $"unknown sandbox operation {request.GetType().Name}");
        }
    }

    private async Task<(SandboxResult, IReadOnlyList<string>)> WithContainerAsync(SandboxSpecRequest request, CancellationToken cancellationToken)
    {
        var ensured = await containers.EnsureAsync(request.Spec, cancellationToken);
        try
        {
            return (await RunAsync(ensured.Result, request, cancellationToken), ensured.Warnings);
        }
        catch (DockerContainerNotFoundException)
        {
            // Removed behind our back (recreate, prune, another manager): make it again once.
            containers.Invalidate(request.Spec.ContainerName);
            ensured = await containers.EnsureAsync(request.Spec, cancellationToken);
            return (await RunAsync(ensured.Result, request, cancellationToken), ensured.Warnings);
        }
    }

    private async Task<SandboxResult> RunAsync(EnsureSandboxResult container, SandboxSpecRequest request, CancellationToken cancellationToken) => request switch
    {
        EnsureSandboxRequest => container,
        ExecRequest run => await ExecAsync(container.ContainerId, run, cancellationToken),
        ReadFileRequest read => await files.ReadAsync(container.ContainerId, read, cancellationToken),
        WriteFileRequest write => await files.WriteAsync(container.ContainerId, write.Spec, write.Path, Encoding.UTF8.GetBytes(write.Content ?? ""), cancellationToken),
        EditFileRequest edit => await files.EditAsync(container.ContainerId, edit, cancellationToken),
        ApplyPatchRequest patch => await files.ApplyPatchAsync(container.ContainerId, patch, cancellationToken),
        CopyMediaRequest media => await files.CopyMediaAsync(container.ContainerId, media, cancellationToken),
        _ => throw new SandboxFailure(SandboxErrorCodes.BadRequest, $"unknown sandbox operation {request.GetType().Name}"),
    };

    private async Task<ExecResult> ExecAsync(string containerId, ExecRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Command))
        {
            throw new SandboxFailure(SandboxErrorCodes.BadRequest, "exec: command is empty");
        }

        var env = new Dictionary<string, string>(request.Spec.Env ?? new Dictionary<string, string>());
        foreach (var (key, value) in request.Env ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        var workdir = request.Workdir is { Length: > 0 } dir
            ? ContainerPaths.Normalize(dir.StartsWith('/') ? dir : $"{request.Spec.Workdir}/{dir}")
            : request.Spec.Workdir;
        // sh -lc sources /etc/profile, which resets PATH; upstream prepends env.PATH again afterwards.
        var command = env.ContainsKey("PATH") ? "export PATH=\"$OPENCLAW_PATH_PREPEND:$PATH\"; " + request.Command : request.Command;
        if (env.TryGetValue("PATH", out var path))
        {
            env["OPENCLAW_PATH_PREPEND"] = path;
        }

        var outcome = await exec.RunAsync(containerId, new ExecCommand(["/bin/sh", "-lc", command])
        {
            Env = env,
            Workdir = workdir,
            User = request.Spec.User,
            Stdin = request.Stdin is null ? null : Encoding.UTF8.GetBytes(request.Stdin),
            Timeout = TimeSpan.FromSeconds(Math.Clamp(request.TimeoutSeconds, 1, 86_400)),
            MaxOutputBytes = Math.Clamp(request.MaxOutputBytes, 1024, 16 * 1024 * 1024),
        }, cancellationToken);

        return new ExecResult
        {
            ExitCode = outcome.ExitCode,
            Stdout = outcome.Stdout,
            Stderr = outcome.TimedOut
                ? $"{outcome.Stderr}{(outcome.Stderr.Length > 0 && !outcome.Stderr.EndsWith('\n') ? "\n" : "")}Command timed out after {request.TimeoutSeconds} seconds and was killed"
                : outcome.Stderr,
            TimedOut = outcome.TimedOut,
            Truncated = outcome.Truncated,
            DurationMs = outcome.DurationMs,
        };
    }

    private async Task<RecreateSandboxesResult> RecreateAsync(RecreateSandboxesRequest request, CancellationToken cancellationToken)
    {
        var selectors = (request.All ? 1 : 0) + (request.SessionKey is null ? 0 : 1) + (request.AgentId is null ? 0 : 1);
        if (selectors != 1)
        {
            throw new SandboxFailure(SandboxErrorCodes.BadRequest, "recreate needs exactly one of --all, --session <key> or --agent <id>");
        }

        var all = await containers.ListAsync(request.ContainerPrefix, cancellationToken);
        var agentKey = request.AgentId is null ? null : $"agent:{request.AgentId.ToLowerInvariant()}";
        var selected = all.Where(c => request.All
                || (request.SessionKey is not null && c.SessionKey == request.SessionKey)
                || (agentKey is not null && (c.SessionKey == agentKey || c.SessionKey.StartsWith(agentKey + ":", StringComparison.Ordinal))))
            .ToList();
        foreach (var container in selected)
        {
            await containers.RemoveAsync(container.ContainerName, cancellationToken);
        }

        return new RecreateSandboxesResult([.. selected.Select(c => c.ContainerName)]);
    }

    private async Task<ExplainSandboxResult> ExplainAsync(SandboxSpec spec, CancellationToken cancellationToken)
    {
        if (spec is null)
        {
            throw new SandboxFailure(SandboxErrorCodes.BadRequest, "explain: spec is missing");
        }

        SandboxSpecValidator.Validate(spec);
        var container = await containers.InspectAsync(spec.ContainerName, cancellationToken);
        var hash = container?.Config.Labels is { } labels && labels.TryGetValue(SandboxDefaults.LabelConfigHash, out var h) ? h : null;
        var listed = container is null ? null : (await containers.ListAsync(spec.ContainerName, cancellationToken)).FirstOrDefault(c => c.ContainerName == spec.ContainerName);
        return new ExplainSandboxResult
        {
            ContainerName = spec.ContainerName,
            Exists = container is not null,
            Running = container?.State.Running == true,
            CurrentConfigHash = hash,
            ExpectedConfigHash = spec.ConfigHash,
            ConfigHashMatches = hash == spec.ConfigHash,
            ImagePresent = await containers.ImageExistsAsync(spec.Image, cancellationToken),
            LastUsedAtMs = listed?.LastUsedAtMs,
            Mounts = spec.Mounts,
        };
    }
}
