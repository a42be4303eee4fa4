using Spectre.Console;

namespace OpenClaw.Cli.Hosting;

/// <summary>A progress spinner for work slower than a second, on a terminal only (never in pipes or with --json).</summary>
internal static class Spinner
{
    public static async Task<T> RunAsync<T>(string label, bool quiet, Func<Task<T>> work)
    {
        var task = work();
        if (quiet || !GlobalFlags.IsInteractive || Console.IsErrorRedirected)
        {
            return await task;
        }

        if (await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(1))) == task)
        {
            return await task;
        }

        return await AnsiConsole.Status().Spinner(Spectre.Console.Spinner.Known.Dots).StartAsync(Markup.Escape(label), _ => task);
    }
}
