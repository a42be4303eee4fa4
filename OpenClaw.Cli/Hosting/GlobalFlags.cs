using Spectre.Console;

namespace OpenClaw.Cli.Hosting;

/// <summary>
/// Flags that apply before any command, as upstream: <c>--dev</c> (state in <c>~/.openclaw-dev</c>, gateway port
/// 19001), <c>--profile &lt;name&gt;</c> (state in <c>~/.openclaw-&lt;name&gt;</c>), <c>--no-color</c>. They become
/// environment variables so every command and the gateway started by <c>gateway run</c> see the same paths.
/// </summary>
internal static class GlobalFlags
{
    public const int DevPort = 19001;

    public static string[] Apply(string[] args)
    {
        var rest = new List<string>();
        string? profile = null;
        var noColor = Environment.GetEnvironmentVariable("NO_COLOR") is { Length: > 0 };
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--dev":
                    profile = "dev";
                    break;
                case "--profile" when i + 1 < args.Length:
                    profile = args[++i];
                    break;
                case var a when a.StartsWith("--profile=", StringComparison.Ordinal):
                    profile = a["--profile=".Length..];
                    break;
                case "--no-color":
                    noColor = true;
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        if (profile is { Length: > 0 })
        {
            ApplyProfile(profile);
        }

        ConfigureConsole(noColor);
        return [.. rest];
    }

    private static void ApplyProfile(string profile)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(profile, "^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"))
        {
            Console.Error.WriteLine($"invalid --profile '{profile}': use letters, digits, '-' and '_'");
            Environment.Exit(2);
        }

        Environment.SetEnvironmentVariable("OPENCLAW_PROFILE", profile);
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OPENCLAW_STATE_DIR")))
        {
            var home = Environment.GetEnvironmentVariable("OPENCLAW_HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            Environment.SetEnvironmentVariable("OPENCLAW_STATE_DIR", Path.Combine(home, $".openclaw-{profile}"));
        }

        if (profile == "dev" && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OPENCLAW_GATEWAY_PORT")))
        {
            Environment.SetEnvironmentVariable("OPENCLAW_GATEWAY_PORT", DevPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Colours only for a terminal: <c>--no-color</c>, <c>NO_COLOR</c> or redirected output turn them off.</summary>
    private static void ConfigureConsole(bool noColor)
    {
        if (noColor || Console.IsOutputRedirected)
        {
            AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Out = new AnsiConsoleOutput(Console.Out),
            });
        }

        if (Console.IsOutputRedirected)
        {
            // Pipes and files get whole lines, not lines wrapped at an imagined 80 columns.
            AnsiConsole.Profile.Width = 240;
        }
    }

    public static bool IsInteractive => !Console.IsOutputRedirected && !Console.IsInputRedirected;
}
