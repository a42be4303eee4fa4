using System.Text;
using OpenClaw.Contracts.Sandbox;

namespace OpenClaw.SandboxManager.Docker;

/// <summary>
/// read / write / edit / apply_patch / inbound media inside a sandbox. Everything runs in the container as the
/// sandbox user, so mounts, read-only flags and symlinks are judged by the container's view, never the host's.
/// </summary>
public sealed class SandboxFiles(SandboxExec exec)
{
    private const int MaxEditBytes = 10 * 1024 * 1024;

    private const string ReadScript =
        "if [ -f \"$0\" ]; then exec cat -- \"$0\"; elif [ -e \"$0\" ]; then echo 'not a regular file' >&2; exit 4; else echo 'no such file' >&2; exit 3; fi";

    // Temp file + rename in the target directory: readers never see half a file.
    private const string WriteScript =
        "set -e; d=$(dirname -- \"$0\"); mkdir -p -- \"$d\"; t=\"$d/.openclaw-write.$$.tmp\"; trap 'rm -f -- \"$t\"' EXIT; cat > \"$t\"; mv -f -- \"$t\" \"$0\"; trap - EXIT";

    private const string DeleteScript =
        "if [ -f \"$0\" ] || [ -L \"$0\" ]; then exec rm -f -- \"$0\"; else echo 'no such file' >&2; exit 3; fi";

    public async Task<ReadFileResult> ReadAsync(string containerId, ReadFileRequest request, CancellationToken cancellationToken)
    {
        var path = ContainerPaths.Resolve(request.Spec, request.Path, forWrite: false);
        var outcome = await RunAsync(containerId, request.Spec, ReadScript, path, stdin: null, Math.Max(1, request.MaxBytes), cancellationToken);
        ThrowOnFailure(outcome, request.Path, "read");
        var text = Encoding.UTF8.GetString(outcome.StdoutBytes);
        var total = outcome.StdoutBytes.LongLength + outcome.StdoutOverflow;
        if (request.Offset is not null || request.Limit is not null)
        {
            var lines = text.Split('\n');
            var skip = Math.Max(0, (request.Offset ?? 1) - 1);
            var take = request.Limit is > 0 ? request.Limit.Value : int.MaxValue;
            text = string.Join('\n', lines.Skip(skip).Take(take));
        }

        return new ReadFileResult(path, text, outcome.StdoutOverflow > 0, total);
    }

    public async Task<WriteFileResult> WriteAsync(string containerId, SandboxSpec spec, string requestedPath, byte[] content, CancellationToken cancellationToken)
    {
        RefuseWhenReadOnly(spec, "write");
        var path = ContainerPaths.Resolve(spec, requestedPath, forWrite: true);
        var outcome = await RunAsync(containerId, spec, WriteScript, path, content, 64 * 1024, cancellationToken);
        ThrowOnFailure(outcome, requestedPath, "write");
        return new WriteFileResult(path, content.LongLength);
    }

    public async Task<EditFileResult> EditAsync(string containerId, EditFileRequest request, CancellationToken cancellationToken)
    {
        RefuseWhenReadOnly(request.Spec, "edit");
        if (request.OldText.Length == 0)
        {
            throw new SandboxFailure(SandboxErrorCodes.EditFailed, "edit: oldText is empty; give the exact text to replace");
        }

        var original = await ReadWholeAsync(containerId, request.Spec, request.Path, cancellationToken);
        var count = Occurrences(original, request.OldText);
        if (count == 0)
        {
            throw new SandboxFailure(SandboxErrorCodes.EditFailed, $"edit: the text to replace was not found in {request.Path}; read the file and copy the exact text");
        }

        if (count > 1 && !request.ReplaceAll)
        {
            throw new SandboxFailure(SandboxErrorCodes.EditFailed,
                $"edit: the text to replace occurs {count} times in {request.Path}; include more surrounding text to make it unique, or set replaceAll");
        }

        var updated = request.ReplaceAll
            ? original.Replace(request.OldText, request.NewText, StringComparison.Ordinal)
            : ReplaceFirst(original, request.OldText, request.NewText);
        var written = await WriteAsync(containerId, request.Spec, request.Path, Encoding.UTF8.GetBytes(updated), cancellationToken);
        return new EditFileResult(written.Path, request.ReplaceAll ? count : 1);
    }

    public async Task<ApplyPatchResult> ApplyPatchAsync(string containerId, ApplyPatchRequest request, CancellationToken cancellationToken)
    {
        RefuseWhenReadOnly(request.Spec, "apply_patch");
        var document = PatchDocument.Parse(request.Patch);

        // Work everything out before touching a file, so a hunk that does not apply changes nothing.
        var writes = new List<(string Path, string Content)>();
        var deletes = new List<string>();
        var added = new List<string>();
        var modified = new List<string>();
        foreach (var operation in document.Operations)
        {
            var path = ContainerPaths.Resolve(request.Spec, operation.Path, forWrite: true);
            switch (operation)
            {
                case PatchOperation.Add add:
                    writes.Add((path, add.Content));
                    added.Add(path);
                    break;
                case PatchOperation.Delete:
                    deletes.Add(path);
                    break;
                case PatchOperation.Update update:
                    var original = await ReadWholeAsync(containerId, request.Spec, path, cancellationToken);
                    var content = update.Hunks.Count == 0 ? original : PatchDocument.ApplyHunks(operation.Path, original, update.Hunks);
                    var target = update.MoveTo is null ? path : ContainerPaths.Resolve(request.Spec, update.MoveTo, forWrite: true);
                    writes.Add((target, content));
                    modified.Add(target);
                    if (target != path)
                    {
                        deletes.Add(path);
                    }

                    break;
            }
        }

        foreach (var (path, content) in writes)
        {
            await WriteAsync(containerId, request.Spec, path, Encoding.UTF8.GetBytes(content), cancellationToken);
        }

        foreach (var path in deletes)
        {
            var outcome = await RunAsync(containerId, request.Spec, DeleteScript, path, stdin: null, 64 * 1024, cancellationToken);
            ThrowOnFailure(outcome, path, "delete");
        }

        return new ApplyPatchResult(added, modified, deletes);
    }

    public async Task<CopyMediaResult> CopyMediaAsync(string containerId, CopyMediaRequest request, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(request.ContentBase64);
        }
        catch (FormatException)
        {
            throw new SandboxFailure(SandboxErrorCodes.BadRequest, "copy_media: contentBase64 is not valid base64");
        }

        // Media lands in the sandbox workspace even with workspaceAccess ro: that workspace is the sandbox's own.
        var name = SafeFileName(request.FileName);
        var path = ContainerPaths.Resolve(request.Spec, $"media/inbound/{name}", forWrite: true);
        var outcome = await RunAsync(containerId, request.Spec, WriteScript, path, bytes, 64 * 1024, cancellationToken);
        ThrowOnFailure(outcome, path, "copy media to");
        return new CopyMediaResult(path, bytes.LongLength);
    }

    private async Task<string> ReadWholeAsync(string containerId, SandboxSpec spec, string requestedPath, CancellationToken cancellationToken)
    {
        var path = ContainerPaths.Resolve(spec, requestedPath, forWrite: true);
        var outcome = await RunAsync(containerId, spec, ReadScript, path, stdin: null, MaxEditBytes, cancellationToken);
        ThrowOnFailure(outcome, requestedPath, "read");
        return outcome.StdoutOverflow > 0
            ? throw new SandboxFailure(SandboxErrorCodes.EditFailed, $"{requestedPath} is larger than {MaxEditBytes / 1024 / 1024} MB; edit it with exec instead")
            : Encoding.UTF8.GetString(outcome.StdoutBytes);
    }

    private Task<ExecOutcome> RunAsync(string containerId, SandboxSpec spec, string script, string path, byte[]? stdin, int maxOutput, CancellationToken cancellationToken) =>
        exec.RunAsync(containerId, new ExecCommand(["/bin/sh", "-c", script, path])
        {
            User = spec.User,
            Stdin = stdin,
            MaxOutputBytes = maxOutput,
            Timeout = TimeSpan.FromMinutes(2),
        }, cancellationToken);

    private static void RefuseWhenReadOnly(SandboxSpec spec, string tool)
    {
        if (spec.WorkspaceAccess == "ro")
        {
            throw new SandboxFailure(SandboxErrorCodes.ReadOnly,
                $"{tool} is disabled: this sandbox has workspaceAccess \"ro\" (the agent workspace is mounted read-only at /agent). " +
                "Set agents.defaults.sandbox.workspaceAccess (or agents.list[].sandbox.workspaceAccess) to \"rw\" to allow it.");
        }
    }

    private static void ThrowOnFailure(ExecOutcome outcome, string path, string verb)
    {
        if (outcome.ExitCode == 0)
        {
            return;
        }

        var detail = outcome.Stderr.Trim();
        if (outcome.ExitCode == 3)
        {
            throw new SandboxFailure(SandboxErrorCodes.NotFound, $"cannot {verb} {path}: no such file");
        }

        if (detail.Contains("Read-only file system", StringComparison.OrdinalIgnoreCase))
        {
            throw new SandboxFailure(SandboxErrorCodes.ReadOnly, $"cannot {verb} {path}: it is on a read-only file system in the sandbox");
        }

        if (detail.Contains("Permission denied", StringComparison.OrdinalIgnoreCase))
        {
            throw new SandboxFailure(SandboxErrorCodes.ReadOnly, $"cannot {verb} {path}: permission denied for the sandbox user");
        }

        throw new SandboxFailure(SandboxErrorCodes.Internal, $"cannot {verb} {path}: {(detail.Length > 0 ? detail : $"exit code {outcome.ExitCode}")}");
    }

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string ReplaceFirst(string text, string oldText, string newText)
    {
        var at = text.IndexOf(oldText, StringComparison.Ordinal);
        return string.Concat(text.AsSpan(0, at), newText, text.AsSpan(at + oldText.Length));
    }

    private static string SafeFileName(string fileName)
    {
        var name = Path.GetFileName(fileName.Replace('\\', '/'));
        var cleaned = new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')]).TrimStart('.');
        return cleaned.Length == 0 ? "attachment" : cleaned;
    }
}
