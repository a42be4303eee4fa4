using System.Text;
using System.Text.Json;
using OpenClaw.Gateway.Tools.Execution;

namespace OpenClaw.Gateway.Tools.Files;

/// <summary>
/// <c>apply_patch</c>: adds, updates, moves and deletes files from one patch. Every path is checked and every new
/// content computed before anything is written, so a patch that fails (or reaches outside the workspace) changes
/// nothing.
/// </summary>
public sealed class ApplyPatchTool(ToolExecutionRouter router) : IAgentTool
{
    public string Name => "apply_patch";

    public string Description =>
        "Apply a patch to files in the workspace. Format: '*** Begin Patch', then '*** Add File: <path>' (+lines), " +
        "'*** Delete File: <path>' or '*** Update File: <path>' (optional '*** Move to: <path>', then '@@' hunks of ' '/'-'/'+' lines), " +
        "then '*** End Patch'.";

    public JsonElement ParametersSchema { get; } = ToolSchema.Parse("""
        {
          "type": "object",
          "properties": {
            "input": { "type": "string", "description": "The entire patch, from '*** Begin Patch' to '*** End Patch'" }
          },
          "required": ["input"]
        }
        """);

    public async Task<ToolResult> InvokeAsync(JsonElement arguments, ToolContext context, CancellationToken cancellationToken)
    {
        var args = new ToolArguments(Name, arguments);
        var patch = PatchParser.Parse(args.RequireString("input", "patch"));
        var backend = router.For(context);

        foreach (var operation in patch.Operations)
        {
            backend.EnsurePathAllowed(context, operation.Path);
            if (operation is UpdateFileOperation { MoveTo: { } moveTo })
            {
                backend.EnsurePathAllowed(context, moveTo);
            }
        }

        // Phase 1: compute every result; nothing is written if any step fails.
        var writes = new List<(string Path, string Content)>();
        var deletes = new List<string>();
        var summary = new List<string>();
        foreach (var operation in patch.Operations)
        {
            switch (operation)
            {
                case AddFileOperation add:
                    writes.Add((add.Path, add.Content));
                    summary.Add($"A {add.Path}");
                    break;
                case DeleteFileOperation delete:
                    if (!await backend.FileExistsAsync(context, delete.Path, cancellationToken).ConfigureAwait(false))
                    {
                        throw new ToolException($"Failed to delete {delete.Path}: the file does not exist.");
                    }

                    deletes.Add(delete.Path);
                    summary.Add($"D {delete.Path}");
                    break;
                case UpdateFileOperation update:
                    var original = Encoding.UTF8.GetString(await backend.ReadFileAsync(context, update.Path, cancellationToken).ConfigureAwait(false));
                    var updated = update.Chunks.Count == 0 ? original : PatchApplier.Apply(original, update.Chunks, update.Path);
                    if (update.MoveTo is { } target)
                    {
                        writes.Add((target, updated));
                        deletes.Add(update.Path);
                        summary.Add($"M {target}");
                    }
                    else
                    {
                        writes.Add((update.Path, updated));
                        summary.Add($"M {update.Path}");
                    }

                    break;
            }
        }

        // Phase 2: write, then delete (a move writes its target before removing its source).
        foreach (var (path, content) in writes)
        {
            await backend.WriteFileAsync(context, path, Encoding.UTF8.GetBytes(content), cancellationToken).ConfigureAwait(false);
        }

        foreach (var path in deletes.Where(d => !writes.Any(w => w.Path == d)))
        {
            await backend.DeleteFileAsync(context, path, cancellationToken).ConfigureAwait(false);
        }

        return new ToolResult("Success. Updated the following files:\n" + string.Join('\n', summary));
    }
}
