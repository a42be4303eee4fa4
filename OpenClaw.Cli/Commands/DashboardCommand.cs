using System.CommandLine;
using System.Diagnostics;
using OpenClaw.Cli.Gateway;

namespace OpenClaw.Cli.Commands;

/// <summary>
/// <c>openclaw dashboard [--no-open]</c>: the tokenized Control UI URL (<c>http://127.0.0.1:&lt;port&gt;/#token=…</c>; the
/// UI reads the fragment once and strips it). <c>OPENCLAW_CONTROL_UI_URL</c> points at a Control UI served elsewhere.
/// </summary>
internal static class DashboardCommand
{
    public static Command Create()
    {
        var noOpen = new Option<bool>("--no-open") { Description = "Print the URL instead of opening a browser" };
        var command = new Command("dashboard", "Open the Control UI with your token") { noOpen };
        command.SetAction(parse => ConfigCommand.Run(false, () =>
        {
            var target = GatewayTarget.Resolve(null, null, null);
            var baseUrl = Environment.GetEnvironmentVariable("OPENCLAW_CONTROL_UI_URL") is { Length: > 0 } ui
                ? ui.TrimEnd('/') + "/"
                : $"http://{target.Url.Host}:{target.Url.Port}/";
            var url = target.Token is { Length: > 0 } token ? $"{baseUrl}#token={Uri.EscapeDataString(token)}" : baseUrl;
            if (target.Token is null)
            {
                Console.Error.WriteLine("No gateway token configured (gateway.auth.token or OPENCLAW_GATEWAY_TOKEN): the UI will ask for it.");
            }

            if (parse.GetValue(noOpen) || !TryOpen(url))
            {
                Console.Out.WriteLine(url);
                return;
            }

            Console.Out.WriteLine($"Opened the Control UI in your browser ({baseUrl}).");
        }));
        return command;
    }

    private static bool TryOpen(string url)
    {
        try
        {
            var opener = OperatingSystem.IsMacOS() ? "open" : OperatingSystem.IsWindows() ? "explorer" : "xdg-open";
            using var process = Process.Start(new ProcessStartInfo(opener) { ArgumentList = { url }, UseShellExecute = false, RedirectStandardError = true });
            return process is not null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
