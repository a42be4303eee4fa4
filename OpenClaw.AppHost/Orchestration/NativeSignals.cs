using System.Runtime.InteropServices;

namespace OpenClaw.AppHost.Orchestration;

/// <summary>POSIX signals, so services get a graceful SIGTERM (and flush telemetry) before a kill.</summary>
internal static partial class NativeSignals
{
    public const int SigTerm = 15;

    public static bool TrySend(int pid, int signal) =>
        !OperatingSystem.IsWindows() && Kill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int sig);
}
