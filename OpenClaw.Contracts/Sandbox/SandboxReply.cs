using System.Text.Json.Serialization;

namespace OpenClaw.Contracts.Sandbox;

/// <summary>The answer to one <see cref="SandboxRequest"/>, on <c>openclaw:sandbox:replies:&lt;instance&gt;</c>.</summary>
public sealed record SandboxReply
{
    /// <summary>The envelope id of the request.</summary>
    public required string RequestId { get; init; }

    public bool Ok { get; init; }

    public SandboxError? Error { get; init; }

    public SandboxResult? Result { get; init; }

    /// <summary>Things the user should know, e.g. the hot-container warning with the recreate command.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The manager instance that answered.</summary>
    public string? Manager { get; init; }
}

/// <summary>A clear error: <see cref="Code"/> is one of <see cref="SandboxErrorCodes"/>.</summary>
public sealed record SandboxError(string Code, string Message);

public static class SandboxErrorCodes
{
    public const string BadRequest = "bad_request";
    public const string ImageMissing = "image_missing";
    public const string DockerUnavailable = "docker_unavailable";
    public const string RedisUnavailable = "redis_unavailable";
    public const string PathOutsideWorkspace = "path_outside_workspace";
    public const string ReadOnly = "read_only";
    public const string NotFound = "not_found";
    public const string EditFailed = "edit_failed";
    public const string PatchFailed = "patch_failed";
    public const string Expired = "expired";
    public const string ManagerFailed = "manager_failed";
    public const string Timeout = "timeout";
    public const string Internal = "internal";
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(EnsureSandboxResult), "ensure")]
[JsonDerivedType(typeof(ExecResult), "exec")]
[JsonDerivedType(typeof(ReadFileResult), "read")]
[JsonDerivedType(typeof(WriteFileResult), "write")]
[JsonDerivedType(typeof(EditFileResult), "edit")]
[JsonDerivedType(typeof(ApplyPatchResult), "apply_patch")]
[JsonDerivedType(typeof(CopyMediaResult), "copy_media")]
[JsonDerivedType(typeof(ListSandboxesResult), "list")]
[JsonDerivedType(typeof(RecreateSandboxesResult), "recreate")]
[JsonDerivedType(typeof(ExplainSandboxResult), "explain")]
[JsonDerivedType(typeof(PruneSandboxesResult), "prune")]
public abstract record SandboxResult;

/// <summary>What ensure did: <c>created</c>, <c>recreated</c>, <c>started</c>, <c>reused</c> or <c>kept-hot</c> (hash mismatch kept).</summary>
public sealed record EnsureSandboxResult(string ContainerName, string ContainerId, string Action, string ConfigHash) : SandboxResult;

public sealed record ExecResult : SandboxResult
{
    public int ExitCode { get; init; }

    public string Stdout { get; init; } = "";

    public string Stderr { get; init; } = "";

    public bool TimedOut { get; init; }

    public bool Truncated { get; init; }

    public long DurationMs { get; init; }
}

public sealed record ReadFileResult(string Path, string Content, bool Truncated, long TotalBytes) : SandboxResult;

public sealed record WriteFileResult(string Path, long BytesWritten) : SandboxResult;

public sealed record EditFileResult(string Path, int Replacements) : SandboxResult;

public sealed record ApplyPatchResult(IReadOnlyList<string> Added, IReadOnlyList<string> Modified, IReadOnlyList<string> Deleted) : SandboxResult;

/// <summary>The path of the copied file inside the container, e.g. <c>/workspace/media/inbound/photo.jpg</c>.</summary>
public sealed record CopyMediaResult(string ContainerPath, long Bytes) : SandboxResult;

/// <summary>One sandbox container as <c>openclaw sandbox list</c> shows it.</summary>
public sealed record SandboxContainerInfo
{
    public required string ContainerName { get; init; }

    public required string SessionKey { get; init; }

    public string Backend { get; init; } = "docker";

    /// <summary>Docker state: running, exited, created, …</summary>
    public required string Status { get; init; }

    public required string Image { get; init; }

    public string? ConfigHash { get; init; }

    public long CreatedAtMs { get; init; }

    public long? LastUsedAtMs { get; init; }
}

public sealed record ListSandboxesResult(IReadOnlyList<SandboxContainerInfo> Containers) : SandboxResult;

public sealed record RecreateSandboxesResult(IReadOnlyList<string> Removed) : SandboxResult;

public sealed record ExplainSandboxResult : SandboxResult
{
    public required string ContainerName { get; init; }

    public bool Exists { get; init; }

    public bool Running { get; init; }

    public string? CurrentConfigHash { get; init; }

    public required string ExpectedConfigHash { get; init; }

    public bool ConfigHashMatches { get; init; }

    public bool ImagePresent { get; init; }

    public long? LastUsedAtMs { get; init; }

    public IReadOnlyList<SandboxMount> Mounts { get; init; } = [];
}

public sealed record PruneSandboxesResult(IReadOnlyList<string> Removed) : SandboxResult;
