using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenClaw.Bench.SideBySide;

/// <summary>The JSON written beside RESULTS.md: when, where, with what, and every raw sample.</summary>
internal sealed class SideBySideDocument
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public DateTimeOffset Date { get; init; }

    public double Seconds { get; init; }

    public string Mode { get; init; } = "full";

    public Dictionary<string, string> Machine { get; init; } = [];

    public string LoadAverageBefore { get; init; } = "";

    public string LoadAverageAfter { get; init; } = "";

    public Dictionary<string, string> Options { get; init; } = [];

    public List<SystemResult> Systems { get; init; } = [];
}

/// <summary>Facts about the machine and the two builds, for the report header.</summary>
internal static class Machine
{
    public static Dictionary<string, string> Describe() => new()
    {
        ["cores"] = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
        ["memoryGiB"] = (MemTotalKb() / 1024.0 / 1024.0).ToString("F1", CultureInfo.InvariantCulture),
        ["cpu"] = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "",
        ["os"] = File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"') ?? Environment.OSVersion.ToString(),
        ["kernel"] = Environment.OSVersion.Version.ToString(),
        ["dotnet"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
    };

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OpenClaw.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run from inside the repository (OpenClaw.sln not found above " + AppContext.BaseDirectory + ")");
    }

    public static string UpstreamVersion(string cacheDir)
    {
        var package = Path.Combine(cacheDir, "node_modules", "openclaw", "package.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(package));
        return "openclaw " + doc.RootElement.GetProperty("version").GetString();
    }

    public static string NodeVersion(string cacheDir) => Run(Path.Combine(cacheDir, "node_modules", ".bin", "node"), "--version", cacheDir);

    public static string OurVersion(string repo) => "OpenClaw.NET " + Run("git", "rev-parse --short HEAD", repo) + " (Release)";

    private static string Run(string file, string arguments, string directory)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = directory })!;
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return output;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }

    private static double MemTotalKb() =>
        double.Parse(File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
