namespace OpenClaw.IntegrationTests.Upstream;

/// <summary>A throw-away directory (used as HOME), deleted on dispose.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "openclaw-it-" + Guid.NewGuid().ToString("N")[..12]);

    public TempDir() => Directory.CreateDirectory(Path);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // a killed process may still hold a file for a moment
        }
        catch (UnauthorizedAccessException)
        {
            // same
        }
    }
}
