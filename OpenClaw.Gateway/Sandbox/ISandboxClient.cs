using OpenClaw.Contracts.Sandbox;

namespace OpenClaw.Gateway.Sandbox;

/// <summary>
/// Runs sandbox operations on a SandboxManager over Redis. Every call throws <see cref="SandboxException"/> with a
/// <see cref="SandboxErrorCodes"/> code when the manager refuses or fails, or when no reply arrives in time.
/// Warnings (e.g. the hot-container recreate hint) are logged; <see cref="SendAsync"/> returns them.
/// </summary>
public interface ISandboxClient
{
    /// <summary>Sends any request and returns the raw reply (errors are in the reply, timeouts throw).</summary>
    Task<SandboxReply> SendAsync(SandboxRequest request, TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    Task<EnsureSandboxResult> EnsureAsync(SandboxSpec spec, CancellationToken cancellationToken = default);

    /// <summary>exec: <c>/bin/sh -lc command</c> in the sandbox; the wait lasts the exec timeout plus a margin.</summary>
    Task<ExecResult> ExecAsync(ExecRequest request, CancellationToken cancellationToken = default);

    Task<ReadFileResult> ReadFileAsync(ReadFileRequest request, CancellationToken cancellationToken = default);

    Task<WriteFileResult> WriteFileAsync(WriteFileRequest request, CancellationToken cancellationToken = default);

    Task<EditFileResult> EditFileAsync(EditFileRequest request, CancellationToken cancellationToken = default);

    Task<ApplyPatchResult> ApplyPatchAsync(ApplyPatchRequest request, CancellationToken cancellationToken = default);

    Task<CopyMediaResult> CopyMediaAsync(CopyMediaRequest request, CancellationToken cancellationToken = default);

    Task<ListSandboxesResult> ListAsync(ListSandboxesRequest request, CancellationToken cancellationToken = default);

    Task<RecreateSandboxesResult> RecreateAsync(RecreateSandboxesRequest request, CancellationToken cancellationToken = default);

    Task<ExplainSandboxResult> ExplainAsync(SandboxSpec spec, CancellationToken cancellationToken = default);

    Task<PruneSandboxesResult> PruneAsync(PruneSandboxesRequest request, CancellationToken cancellationToken = default);
}

/// <summary>A sandbox operation failed; <see cref="Code"/> is one of <see cref="SandboxErrorCodes"/>.</summary>
public sealed class SandboxException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
