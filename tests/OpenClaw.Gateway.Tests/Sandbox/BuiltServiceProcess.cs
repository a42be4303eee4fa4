using System.Diagnostics;
using OpenClaw.Testing;

namespace OpenClaw.Gateway.Tests.Sandbox;

/// <summary>Finds the solution's built service assemblies and starts the real SandboxManager process from them.</summary>
internal static class BuiltServiceProcess
{
    /// <summary>The newest build (Debug or Release) of <paramref name="dll"/> in <paramref name="project"/>, or null when not built.</summary>
    public static string? FindBuilt(string project, string dll)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OpenClaw.sln")))
        {
            dir = dir.Parent;
        }

        return dir is null
            ? null
            : new[] { "Debug", "Release" }
                .Select(c => Path.Combine(dir.FullName, project, "bin", c, "net10.0", dll))
                .Where(File.Exists)
                .OrderByDescending(File.GetLastWriteTimeUtc)
                .FirstOrDefault();
    }

    public static Process StartSandboxManager(string dll, string redis, string stateDir)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        start.Environment["ConnectionStrings__redis"] = redis;
        start.Environment["OpenClaw__SandboxManager__StateDir"] = stateDir;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort.Next()}";
        start.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = "";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
