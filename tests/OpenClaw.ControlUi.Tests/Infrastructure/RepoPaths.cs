namespace OpenClaw.ControlUi.Tests.Infrastructure;

/// <summary>Built outputs of the apps the browser tests run as processes (built by the test project's build, see the csproj).</summary>
public static class RepoPaths
{
    // tests/OpenClaw.ControlUi.Tests/bin/<Configuration>/net10.0
    private static readonly DirectoryInfo TestBin = new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));

    public static string Configuration => TestBin.Parent!.Name;

    public static string Root => TestBin.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;

    public static string Dll(string project, string assembly) =>
        Path.Combine(Root, project, "bin", Configuration, TestBin.Name, assembly + ".dll");

    public static string ScreenshotDir
    {
        get
        {
            var dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }
}
