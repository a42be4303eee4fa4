namespace OpenClaw.Cli.Tests;

/// <summary>A throw-away HOME with its own <c>.openclaw</c> state dir, and the env that points the CLI at it.</summary>
public sealed class TempState : IDisposable
{
    public TempState()
    {
        Home = Directory.CreateTempSubdirectory("openclaw-cli-").FullName;
        StateDir = Path.Combine(Home, ".openclaw");
        Directory.CreateDirectory(StateDir);
    }

    public string Home { get; }

    public string StateDir { get; }

    public string ConfigPath => Path.Combine(StateDir, "openclaw.json");

    public Dictionary<string, string?> Env => new() { ["HOME"] = Home, ["OPENCLAW_STATE_DIR"] = StateDir, ["NO_COLOR"] = "1" };

    public void WriteConfig(string json5) => File.WriteAllText(ConfigPath, json5);

    public string ReadConfig() => File.ReadAllText(ConfigPath);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
