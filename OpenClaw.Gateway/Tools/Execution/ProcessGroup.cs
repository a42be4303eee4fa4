using System.Runtime.InteropServices;

namespace OpenClaw.Gateway.Tools.Execution;

/// <summary>
/// Signals a whole process group. Host commands start under <c>setsid</c>, so the shell is the leader of its own
/// group and killing the group takes every child (pipelines, <c>sleep</c>, servers it forked) with it.
/// </summary>
internal static partial class ProcessGroup
{
    private const int SigKill = 9;

    public static bool Kill(int processGroupId)
    {
        if (processGroupId <= 1)
        {
            return false;
        }

        return NativeMethods.kill(-processGroupId, SigKill) == 0;
    }

    /// <summary>True while any process of the group is alive (signal 0 probes without sending).</summary>
    public static bool IsAlive(int processGroupId) =>
        processGroupId > 1 && NativeMethods.kill(-processGroupId, 0) == 0;

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054, CA5392 // a blittable libc call; LibraryImport would need unsafe code in this project
        public static extern int kill(int pid, int sig);
#pragma warning restore SYSLIB1054, CA5392
    }
}
