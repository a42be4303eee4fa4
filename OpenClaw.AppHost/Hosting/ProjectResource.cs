namespace OpenClaw.AppHost.Hosting;

/// <summary>A .NET project started from its build output (<c>dotnet build</c> once, then run the binary).</summary>
public class ProjectResource(string name, string projectFile) : Resource(name)
{
    public override string Type => "Project";

    public override string Source => ProjectFile;

    public string ProjectFile { get; } = projectFile;

    public string ProjectName => Path.GetFileNameWithoutExtension(ProjectFile);

    public string OutputDirectory(string configuration) =>
        Path.Combine(Path.GetDirectoryName(ProjectFile)!, "bin", configuration, "net10.0");

    public string AssemblyPath(string configuration) =>
        Path.Combine(OutputDirectory(configuration), ProjectName + ".dll");
}
