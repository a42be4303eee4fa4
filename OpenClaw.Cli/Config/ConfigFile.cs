using System.Text.Json.Nodes;
using OpenClaw.Cli.Gateway;

namespace OpenClaw.Cli.Config;

/// <summary>
/// <c>openclaw.json</c> on disk (<c>OPENCLAW_CONFIG_PATH</c>, else <c>&lt;state dir&gt;/openclaw.json</c>): read as JSON5,
/// edited with <see cref="Json5Document"/> so comments survive, written atomically (temp file + rename) with mode 600.
/// </summary>
internal sealed class ConfigFile(string path, Json5Document document, bool exists)
{
    public string Path { get; } = path;

    public Json5Document Document { get; } = document;

    public bool Exists { get; } = exists;

    public JsonObject Root => Document.Root as JsonObject ?? [];

    public static ConfigFile Load(string? path = null)
    {
        path ??= CliPaths.ConfigPath;
        if (!File.Exists(path))
        {
            return new ConfigFile(path, Json5Document.Empty(), exists: false);
        }

        var text = File.ReadAllText(path);
        try
        {
            return new ConfigFile(path, string.IsNullOrWhiteSpace(text) ? Json5Document.Empty() : new Json5Document(text), exists: true);
        }
        catch (Json5SyntaxException ex)
        {
            throw new CliException($"invalid config {path}: {ex.Message}. Fix the JSON5 syntax (or run openclaw onboard --reset to start over)");
        }
    }

    public void Save()
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        Directory.CreateDirectory(directory);
        WriteAtomic(Path, Document.Text.EndsWith('\n') ? Document.Text : Document.Text + "\n");
    }

    /// <summary>Temp file in the same folder, then rename: a crash never leaves half a file.</summary>
    public static void WriteAtomic(string path, string text, bool secret = true)
    {
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temp, text);
        if (secret && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, path, overwrite: true);
    }
}
