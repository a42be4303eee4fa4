using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace OpenClaw.Cli.Commands;

/// <summary><c>openclaw status [--json]</c>: RPC <c>status</c> as a short summary.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var gateway = new GatewayOptions();
        var command = new Command("status", "Show gateway status: reachability, version, sessions");
        gateway.AddTo(command);
        command.SetAction((parse, ct) => gateway.CallAsync(parse, "status", null, expectFinal: false, Render, ct));
        return command;
    }

    private static void Render(JsonElement status)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("Item").AddColumn("Value");
        table.AddRow("Gateway", "[green]reachable[/]");
        table.AddRow("Version", Markup.Escape(CliOutput.Str(status, "runtimeVersion")));
        var sessions = status.TryGetProperty("sessions", out var s) ? s : default;
        table.AddRow("Sessions", Markup.Escape(CliOutput.Str(sessions, "count")));
        foreach (var recent in CliOutput.Items(sessions, "recent").Take(5))
        {
            table.AddRow("  recent", Markup.Escape($"{CliOutput.Str(recent, "key")} ({CliOutput.Str(recent, "age")} ms ago)"));
        }

        var heartbeat = status.TryGetProperty("heartbeat", out var h) ? h : default;
        table.AddRow("Default agent", Markup.Escape(CliOutput.Str(heartbeat, "defaultAgentId")));
        var channels = CliOutput.Items(status, "channelSummary").Select(c => c.ValueKind == JsonValueKind.String ? c.GetString() : c.ToString()).ToList();
        table.AddRow("Channels", Markup.Escape(channels.Count == 0 ? "none configured" : string.Join("; ", channels)));
        AnsiConsole.Write(table);
    }
}
