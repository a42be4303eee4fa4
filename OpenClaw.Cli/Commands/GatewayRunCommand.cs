using System.CommandLine;
using System.Diagnostics;
using OpenClaw.Cli.Gateway;

namespace OpenClaw.Cli.Commands;

/// <summary>
/// <c>openclaw gateway run [--port] [--bind] [--token] [--allow-unconfigured]</c>: the gateway in the foreground, its
/// output on this terminal, Ctrl+C stops it. The gateway is <c>OPENCLAW_GATEWAY_BIN</c> (a .dll or executable), else
/// <c>OpenClaw.Gateway(.dll)</c> next to the CLI, else the build output of the source tree the CLI was built from.
/// </summary>
internal static class GatewayRunCommand
{
    public static Command Create()
    {
        var port = new Option<int?>("--port") { Description = "Port (default gateway.port or 18789)" };
        var bind = new Option<string?>("--bind") { Description = "loopback | lan | tailnet | auto | custom" };
        var token = new Option<string?>("--token") { Description = "Gateway token (sets OPENCLAW_GATEWAY_TOKEN for the gateway)" };
        var allowUnconfigured = new Option<bool>("--allow-unconfigured") { Description = "Start without an openclaw.json" };
        var verbose = new Option<bool>("--verbose") { Description = "Debug logging" };
        var command = new Command("run", "Run the gateway in the foreground") { port, bind, token, allowUnconfigured, verbose };
        command.SetAction(async (parse, ct) =>
        {
            var gateway = Locate();
            if (gateway is null)
            {
                Console.Error.WriteLine("OpenClaw.Gateway not found: set OPENCLAW_GATEWAY_BIN to OpenClaw.Gateway.dll (or build it: dotnet build OpenClaw.Gateway).");
                return 1;
            }

            var info = gateway.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? new ProcessStartInfo("dotnet") { ArgumentList = { gateway } } : new ProcessStartInfo(gateway);
            info.UseShellExecute = false;
            var effectivePort = parse.GetValue(port) ?? (int.TryParse(Environment.GetEnvironmentVariable("OPENCLAW_GATEWAY_PORT"), out var envPort) ? envPort : null);
            if (effectivePort is { } p)
            {
                info.ArgumentList.Add("--port");
                info.ArgumentList.Add(p.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            if (parse.GetValue(bind) is { Length: > 0 } b)
            {
                info.ArgumentList.Add("--bind");
                info.ArgumentList.Add(b);
            }

            if (parse.GetValue(allowUnconfigured))
            {
                info.ArgumentList.Add("--allow-unconfigured");
            }

            if (parse.GetValue(token) is { Length: > 0 } t)
            {
                info.Environment["OPENCLAW_GATEWAY_TOKEN"] = t;
            }

            if (parse.GetValue(verbose))
            {
                info.Environment["Logging__LogLevel__Default"] = "Debug";
            }

            info.Environment["OPENCLAW_STATE_DIR"] = CliPaths.StateDir;
            using var process = Process.Start(info)!;
            using var stop = ct.Register(() =>
            {
                // Ctrl+C reaches the gateway too (same process group); this covers other cancellations.
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            });
            await process.WaitForExitAsync(CancellationToken.None);
            return process.ExitCode;
        });
        return command;
    }

    public static string? Locate()
    {
        if (Environment.GetEnvironmentVariable("OPENCLAW_GATEWAY_BIN") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? Path.GetFullPath(configured) : null;
        }

        var here = AppContext.BaseDirectory;
        foreach (var name in new[] { "OpenClaw.Gateway.dll", "OpenClaw.Gateway" })
        {
            if (File.Exists(Path.Combine(here, name)))
            {
                return Path.Combine(here, name);
            }
        }

        // Source tree: OpenClaw.Cli/bin/<Configuration>/<tfm>/ → OpenClaw.Gateway/bin/<Configuration>/<tfm>/.
        var tfm = new DirectoryInfo(here.TrimEnd(Path.DirectorySeparatorChar));
        if (tfm.Parent?.Parent?.Parent?.Parent is { } repo)
        {
            var dll = Path.Combine(repo.FullName, "OpenClaw.Gateway", "bin", tfm.Parent.Name, tfm.Name, "OpenClaw.Gateway.dll");
            if (File.Exists(dll))
            {
                return dll;
            }
        }

        return null;
    }
}
