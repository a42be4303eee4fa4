namespace OpenClaw.Bench.SideBySide;

internal static class Report
{
    public static void Write(string repo, string outDir) => Console.WriteLine(repo + outDir);
}
