namespace OpenClaw.Cli.Gateway;

/// <summary>Where the CLI keeps state, as upstream: <c>OPENCLAW_STATE_DIR</c>, else <c>~/.openclaw</c>; config <c>openclaw.json</c>.</summary>
internal static class CliPaths
{
    public static string StateDir =>
        Environment.GetEnvironmentVariable("OPENCLAW_STATE_DIR") is { Length: > 0 } dir
            ? Path.GetFullPath(dir)
            : Path.Combine(Environment.GetEnvironmentVariable("OPENCLAW_HOME") is { Length: > 0 } home
                ? home
                : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".openclaw");

    public static string ConfigPath =>
        Environment.GetEnvironmentVariable("OPENCLAW_CONFIG_PATH") is { Length: > 0 } path ? path : Path.Combine(StateDir, "openclaw.json");
}
