using System.Text.Json.Serialization;

namespace OpenClaw.Contracts.Sandbox;

/// <summary>
/// One request on <c>openclaw:sandbox:requests</c>, wrapped in an <see cref="Envelope{TPayload}"/> of type
/// <see cref="SandboxMessageTypes.Request"/>. The <c>op</c> property names the operation. The envelope id
/// is the correlation id: the reply carries it as <see cref="SandboxReply.RequestId"/>.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "op", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(EnsureSandboxRequest), "ensure")]
[JsonDerivedType(typeof(ExecRequest), "exec")]
[JsonDerivedType(typeof(ReadFileRequest), "read")]
[JsonDerivedType(typeof(WriteFileRequest), "write")]
[JsonDerivedType(typeof(EditFileRequest), "edit")]
[JsonDerivedType(typeof(ApplyPatchRequest), "apply_patch")]
[JsonDerivedType(typeof(CopyMediaRequest), "copy_media")]
[JsonDerivedType(typeof(ListSandboxesRequest), "list")]
[JsonDerivedType(typeof(RecreateSandboxesRequest), "recreate")]
[JsonDerivedType(typeof(ExplainSandboxRequest), "explain")]
[JsonDerivedType(typeof(PruneSandboxesRequest), "prune")]
public abstract record SandboxRequest
{
    /// <summary>The requesting instance; the reply goes to <c>openclaw:sandbox:replies:&lt;ReplyTo&gt;</c>.</summary>
    public string ReplyTo { get; init; } = "";

    /// <summary>Unix ms after which the requester no longer waits; managers drop the request instead of running it.</summary>
    public long? ExpiresAtMs { get; init; }
}

/// <summary>A request that runs against one sandbox, created (or recreated) first when needed.</summary>
public abstract record SandboxSpecRequest : SandboxRequest
{
    public required SandboxSpec Spec { get; init; }
}

public sealed record EnsureSandboxRequest : SandboxSpecRequest;

/// <summary>Runs <c>/bin/sh -lc &lt;Command&gt;</c> in the sandbox (the exec tool).</summary>
public sealed record ExecRequest : SandboxSpecRequest
{
    public required string Command { get; init; }

    /// <summary>Container path; relative paths resolve against the spec's workdir.</summary>
    public string? Workdir { get; init; }

    public IReadOnlyDictionary<string, string>? Env { get; init; }

    public string? Stdin { get; init; }

    /// <summary>The process tree is killed when it runs longer; default 1800 s.</summary>
    public int TimeoutSeconds { get; init; } = 1800;

    /// <summary>Bytes kept per stream; the rest is dropped and a truncation marker appended.</summary>
    public int MaxOutputBytes { get; init; } = 200_000;
}

/// <summary>Reads a text file. Paths are relative to the workspace or absolute under /workspace (or /agent).</summary>
public sealed record ReadFileRequest : SandboxSpecRequest
{
    public required string Path { get; init; }

    /// <summary>1-based first line to return.</summary>
    public int? Offset { get; init; }

    public int? Limit { get; init; }

    public int MaxBytes { get; init; } = 1_000_000;
}

/// <summary>Writes a whole file atomically, creating parent directories.</summary>
public sealed record WriteFileRequest : SandboxSpecRequest
{
    public required string Path { get; init; }

    public required string Content { get; init; }
}

/// <summary>Replaces exact text in a file; fails when <see cref="OldText"/> is missing (or ambiguous without ReplaceAll).</summary>
public sealed record EditFileRequest : SandboxSpecRequest
{
    public required string Path { get; init; }

    public required string OldText { get; init; }

    public required string NewText { get; init; }

    public bool ReplaceAll { get; init; }
}

/// <summary>Applies a patch in the <c>*** Begin Patch</c> … <c>*** End Patch</c> format of the apply_patch tool.</summary>
public sealed record ApplyPatchRequest : SandboxSpecRequest
{
    public required string Patch { get; init; }
}

/// <summary>Copies an inbound attachment into <c>media/inbound/&lt;FileName&gt;</c> of the sandbox workspace.</summary>
public sealed record CopyMediaRequest : SandboxSpecRequest
{
    public required string FileName { get; init; }

    public required string ContentBase64 { get; init; }
}

/// <summary>Lists sandbox containers (label <c>openclaw.sandbox=1</c>), optionally only those with a name prefix.</summary>
public sealed record ListSandboxesRequest : SandboxRequest
{
    public string? ContainerPrefix { get; init; }
}

/// <summary>
/// Removes sandbox containers so they are recreated on next use. Exactly one selector:
/// <see cref="All"/>, <see cref="SessionKey"/> (scope key) or <see cref="AgentId"/> (scope key <c>agent:&lt;id&gt;</c> and sessions <c>agent:&lt;id&gt;:…</c>).
/// </summary>
public sealed record RecreateSandboxesRequest : SandboxRequest
{
    public bool All { get; init; }

    public string? SessionKey { get; init; }

    public string? AgentId { get; init; }

    public string? ContainerPrefix { get; init; }
}

/// <summary>Reports the container state for a spec (exists, running, hash match, mounts) without changing anything.</summary>
public sealed record ExplainSandboxRequest : SandboxSpecRequest;

/// <summary>Removes containers idle longer than IdleHours or older than MaxAgeDays (0 disables each).</summary>
public sealed record PruneSandboxesRequest : SandboxRequest
{
    public int IdleHours { get; init; } = SandboxDefaults.DefaultIdleHours;

    public int MaxAgeDays { get; init; } = SandboxDefaults.DefaultMaxAgeDays;

    public string? ContainerPrefix { get; init; }
}

public static class SandboxMessageTypes
{
    public const string Request = "sandbox.request";
    public const string Reply = "sandbox.reply";

    /// <summary>The stream entry field holding the envelope JSON.</summary>
    public const string EnvelopeField = "envelope";

    /// <summary>Pub/sub channel suffix used to wake managers/clients without polling delay.</summary>
    public const string NotifySuffix = ":notify";
}
