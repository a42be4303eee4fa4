namespace OpenClaw.Gateway.Config;

/// <summary>Gateway command-line flags (<c>--port</c>, <c>--bind</c>, <c>--allow-unconfigured</c>); the rest goes to the host.</summary>
public sealed record GatewayArgs(int? Port, string? Bind, bool AllowUnconfigured, IReadOnlyList<string> HostArgs)
{
    public static GatewayArgs Parse(IReadOnlyList<string> args)
    {
        int? port = null;
        string? bind = null;
        var allowUnconfigured = false;
        var rest = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inline) = args[i].Split('=', 2) is [var n, var v] && n.StartsWith("--", StringComparison.Ordinal) ? (n, v) : (args[i], null);
            switch (name)
            {
                case "--port":
                    var text = inline ?? (i + 1 < args.Count ? args[++i] : "");
                    port = int.TryParse(text, out var p) && p is >= 0 and <= 65535
                        ? p
                        : throw new GatewayStartupException($"--port: '{text}' is not a TCP port (0-65535)", GatewayStartupException.ConfigExitCode);
                    break;
                case "--bind":
                    bind = inline ?? (i + 1 < args.Count ? args[++i] : null);
                    break;
                case "--allow-unconfigured":
                    allowUnconfigured = true;
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        return new GatewayArgs(port, bind, allowUnconfigured, rest);
    }
}

/// <summary>The gateway refuses to start; <see cref="ExitCode"/> is 78 (EX_CONFIG) for configuration problems.</summary>
public sealed class GatewayStartupException(string message, int exitCode = GatewayStartupException.ConfigExitCode) : Exception(message)
{
    public const int ConfigExitCode = 78;

    public int ExitCode { get; } = exitCode;
}
