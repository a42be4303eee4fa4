namespace OpenClaw.Gateway.Security;

/// <summary>
/// The state directory: <c>OPENCLAW_STATE_DIR</c>, else <c>$OPENCLAW_HOME/.openclaw</c>, else
/// <c>~/.openclaw</c> (spec §0). Configuration key <c>OPENCLAW_STATE_DIR</c> lets hosts and tests set it.
/// </summary>
public sealed class StatePaths(string stateDir)
{
    public string StateDir { get; } = stateDir;

    public static StatePaths FromConfiguration(IConfiguration configuration)
    {
        var explicitDir = configuration["OPENCLAW_STATE_DIR"];
        if (!string.IsNullOrWhiteSpace(explicitDir))
        {
            return new StatePaths(Path.GetFullPath(explicitDir));
        }

        var home = configuration["OPENCLAW_HOME"];
        if (string.IsNullOrWhiteSpace(home))
        {
            home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        }

        return new StatePaths(Path.Combine(home, ".openclaw"));
    }
}
