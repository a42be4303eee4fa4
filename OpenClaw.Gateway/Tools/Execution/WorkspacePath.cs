namespace OpenClaw.Gateway.Tools.Execution;

/// <summary>
/// Resolves tool paths against the agent workspace the way the kernel would (symlinks followed, <c>..</c> applied to
/// the resolved directory) and refuses any that leave it: <c>..</c> climbs, absolute paths elsewhere and symlinks
/// pointing out.
/// </summary>
public static class WorkspacePath
{
    private const int MaxSymlinkHops = 40;

    /// <summary>The absolute host path for <paramref name="path"/>; throws <see cref="WorkspaceEscapeException"/> when it leaves the workspace.</summary>
    public static string Resolve(string workspaceDir, string? path)
    {
        var root = RealRoot(workspaceDir);
        var requested = string.IsNullOrWhiteSpace(path) ? "." : path.Trim();
        if (requested.StartsWith("~/", StringComparison.Ordinal) || requested == "~")
        {
            throw Escape(requested, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), root);
        }

        var pending = new Stack<string>();
        string current;
        if (Path.IsPathRooted(requested))
        {
            // An absolute path is fine only when it names something inside the workspace.
            var full = Path.GetFullPath(requested);
            if (!IsInside(root, full) && !IsInside(Path.GetFullPath(workspaceDir), full))
            {
                throw Escape(requested, full, root);
            }

            var relative = IsInside(root, full) ? Path.GetRelativePath(root, full) : Path.GetRelativePath(Path.GetFullPath(workspaceDir), full);
            PushSegments(pending, relative == "." ? "" : relative);
        }
        else
        {
            PushSegments(pending, requested);
        }

        current = root;
        var hops = 0;
        while (pending.Count > 0)
        {
            var segment = pending.Pop();
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                if (!IsInside(root, current))
                {
                    throw Escape(requested, current, root);
                }

                continue;
            }

            var candidate = Path.Combine(current, segment);
            var info = new FileInfo(candidate);
            if (info.LinkTarget is { } target)
            {
                if (++hops > MaxSymlinkHops)
                {
                    throw new ToolException($"Too many levels of symbolic links resolving '{requested}'.");
                }

                // Follow the link: an absolute target restarts from '/', a relative one from the link's directory.
                if (Path.IsPathRooted(target))
                {
                    var absolute = Path.GetFullPath(target);
                    if (!IsInside(root, absolute))
                    {
                        throw Escape(requested, absolute, root, symlink: candidate);
                    }

                    current = root;
                    PushSegments(pending, Path.GetRelativePath(root, absolute));
                }
                else
                {
                    var absolute = Path.GetFullPath(Path.Combine(current, target));
                    if (!IsInside(root, absolute))
                    {
                        throw Escape(requested, absolute, root, symlink: candidate);
                    }

                    PushSegments(pending, target);
                }

                continue;
            }

            current = candidate;
        }

        return current;
    }

    /// <summary>The path as the model should see it: relative to the workspace, with '/' separators.</summary>
    public static string Display(string workspaceDir, string hostPath)
    {
        var relative = Path.GetRelativePath(RealRoot(workspaceDir), hostPath);
        return relative == "." ? "." : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    public static string RealRoot(string workspaceDir)
    {
        var full = Path.GetFullPath(workspaceDir);
        Directory.CreateDirectory(full);
        var info = new DirectoryInfo(full);
        return info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? RealParents(full);
    }

    private static string RealParents(string full)
    {
        // Resolve symlinked ancestors (e.g. /tmp -> /private/tmp) so containment compares real paths.
        var parent = Path.GetDirectoryName(full);
        if (parent is null)
        {
            return full;
        }

        var realParent = new DirectoryInfo(parent).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? RealParents(parent);
        return Path.Combine(realParent, Path.GetFileName(full));
    }

    private static void PushSegments(Stack<string> pending, string path)
    {
        var segments = path.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries);
        for (var i = segments.Length - 1; i >= 0; i--)
        {
            pending.Push(segments[i]);
        }
    }

    internal static bool IsInside(string root, string path)
    {
        var trimmedRoot = root.TrimEnd(Path.DirectorySeparatorChar);
        return path == trimmedRoot
            || path.StartsWith(trimmedRoot + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || trimmedRoot.Length == 0;
    }

    private static WorkspaceEscapeException Escape(string requested, string resolved, string root, string? symlink = null)
    {
        var via = symlink is null ? "" : $" through the symlink '{symlink}'";
        return new WorkspaceEscapeException(
            $"Path escapes the workspace: '{requested}' resolves{via} to '{resolved}', outside the agent workspace '{root}'. " +
            "Use a path inside the workspace (relative paths are resolved against it).");
    }
}
