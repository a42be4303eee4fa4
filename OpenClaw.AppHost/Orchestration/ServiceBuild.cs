using System.Diagnostics;
using System.Text;
using System.Xml.Linq;
using OpenClaw.AppHost.Hosting;

namespace OpenClaw.AppHost.Orchestration;

/// <summary>
/// Builds the service projects the AppHost starts, itself rather than through ProjectReferences: `dotnet run` then
/// checks and builds only the small AppHost project (its up-to-date check over every service was most of a warm
/// start), Redis starts while the services build, and the services build in ONE MSBuild run (one restore, parallel
/// nodes). A project counts as up to date when no file of it or of the projects it references (bin/ and obj/
/// aside), nor Directory.Build.props, Directory.Packages.props or global.json, is newer than its built assembly;
/// that check is conservative: anything newer sends the project to MSBuild, whose own checks decide what to compile.
/// </summary>
internal sealed class ServiceBuild(string repositoryRoot, string appHostDirectory, string configuration)
{
    private static readonly string[] RootInputs = ["Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json"];

    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal) { "bin", "obj", "node_modules", ".git", ".vs" };

    public IReadOnlyList<ProjectResource> Stale(IEnumerable<ProjectResource> projects) =>
        projects.DistinctBy(p => p.ProjectFile).Where(p => !IsUpToDate(p)).ToList();

    /// <returns>null when the build succeeded, else the error lines to show.</returns>
    public async Task<string?> BuildAsync(IReadOnlyList<ProjectResource> projects, CancellationToken cancellationToken)
    {
        var traversal = WriteTraversal(projects.Select(p => p.ProjectFile));
        try
        {
            return await RunMSBuildAsync(traversal, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(traversal);
        }
    }

    private async Task<string?> RunMSBuildAsync(string traversal, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = repositoryRoot,
        };
        foreach (var arg in new[] { "msbuild", traversal, "-restore", "-m", "-nologo", "-clp:ErrorsOnly", $"-p:Configuration={configuration}" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started");
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        output.Append(await stdout.ConfigureAwait(false)).Append(await stderr.ConfigureAwait(false));
        return process.ExitCode == 0 ? null : output.ToString().Trim();
    }

    private bool IsUpToDate(ProjectResource project)
    {
        var assembly = new FileInfo(project.AssemblyPath(configuration));
        if (!assembly.Exists)
        {
            return false;
        }

        var built = assembly.LastWriteTimeUtc;
        var rootNewer = RootInputs.Select(name => new FileInfo(Path.Combine(repositoryRoot, name))).Any(f => f.Exists && f.LastWriteTimeUtc > built);
        return !rootNewer && ProjectClosure(project.ProjectFile).All(directory => !AnyNewer(new DirectoryInfo(directory), built));
    }

    /// <summary>The folders of the project and of every project it references, transitively.</summary>
    private static HashSet<string> ProjectClosure(string projectFile)
    {
        var folders = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(projectFile)]);
        while (pending.TryPop(out var file))
        {
            if (!File.Exists(file) || !folders.Add(Path.GetDirectoryName(file)!))
            {
                continue;
            }

            foreach (var reference in XDocument.Load(file).Descendants("ProjectReference"))
            {
                if (reference.Attribute("Include")?.Value is { Length: > 0 } include)
                {
                    pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, include.Replace('\\', '/'))));
                }
            }
        }

        return folders;
    }

    private static bool AnyNewer(DirectoryInfo directory, DateTime built)
    {
        if (directory.EnumerateFiles().Any(f => f.LastWriteTimeUtc > built))
        {
            return true;
        }

        return directory.EnumerateDirectories().Where(d => !SkippedFolders.Contains(d.Name)).Any(d => AnyNewer(d, built));
    }

    /// <summary>A throw-away traversal project (under the AppHost's obj/) so one MSBuild run restores and builds them all.</summary>
    private string WriteTraversal(IEnumerable<string> projectFiles)
    {
        var items = string.Concat(projectFiles.Select(p => $"    <ServiceProject Include=\"{System.Security.SecurityElement.Escape(p)}\" />\n"));
        var content = $$"""
            <Project DefaultTargets="Build">
              <ItemGroup>
            {{items}}  </ItemGroup>
              <Target Name="Restore">
                <MSBuild Projects="@(ServiceProject)" Targets="Restore" Properties="Configuration=$(Configuration);MSBuildRestoreSessionId=$([System.Guid]::NewGuid())" />
              </Target>
              <Target Name="Build">
                <MSBuild Projects="@(ServiceProject)" Targets="Build" BuildInParallel="true" Properties="Configuration=$(Configuration)" />
              </Target>
            </Project>
            """;
        var directory = Directory.CreateDirectory(Path.Combine(appHostDirectory, "obj")).FullName;
        var path = Path.Combine(directory, $"services.build.{Environment.ProcessId}.proj");
        File.WriteAllText(path, content);
        return path;
    }
}
