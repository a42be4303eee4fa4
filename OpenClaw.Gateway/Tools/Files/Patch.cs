namespace OpenClaw.Gateway.Tools.Files;

/// <summary>
/// A parsed <c>apply_patch</c> document:
/// <code>
/// *** Begin Patch
/// *** Add File: path        (+ lines)
/// *** Delete File: path
/// *** Update File: path
/// *** Move to: new/path      (optional)
/// @@ optional context line
///  context / -removed / +added lines
/// *** End of File            (optional: the chunk ends at end of file)
/// *** End Patch
/// </code>
/// </summary>
public sealed record Patch(IReadOnlyList<PatchOperation> Operations);

public abstract record PatchOperation(string Path);

public sealed record AddFileOperation(string Path, string Content) : PatchOperation(Path);

public sealed record DeleteFileOperation(string Path) : PatchOperation(Path);

public sealed record UpdateFileOperation(string Path, string? MoveTo, IReadOnlyList<PatchChunk> Chunks) : PatchOperation(Path);

/// <summary>One <c>@@</c> hunk: optional anchor line, the lines it expects and the lines that replace them.</summary>
public sealed record PatchChunk(string? Context, IReadOnlyList<string> OldLines, IReadOnlyList<string> NewLines, bool AtEndOfFile);

public sealed class PatchFormatException(string message) : ToolException(message);
