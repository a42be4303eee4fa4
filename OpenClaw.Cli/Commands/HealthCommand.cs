using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace OpenClaw.Cli.Commands;

/// <summary><c>openclaw health [--json] [--timeout ms]</c>: RPC <c>health</c>, one line per channel and the session stores.</summary>
internal static class HealthCommand
{
    public static Command Create()
    {
        var gateway = new GatewayOptions();
        var verbose = new Option<bool>("--verbose", "--debug") { Description = "Force a live probe" };
        var command = new Command("health", "Fetch health from the running gateway") { verbose };
        gateway.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            JsonElement? parameters = parse.GetValue(verbose) ? JsonSerializer.SerializeToElement(new { probe = true }) : null;
            return gateway.CallAsync(parse, "health", parameters, expectFinal: false, Render, ct);
        });
        return command;
    }

    private static void Render(JsonElement health)
    {
        var ok = health.TryGetProperty("ok", out var o) && o.ValueKind == JsonValueKind.True;
        AnsiConsole.MarkupLine($"Gateway: {(ok ? "[green]ok[/]" : "[red]failed[/]")} ({CliOutput.Str(health, "durationMs")}ms)");
        var channels = health.TryGetProperty("channels", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
        foreach (var id in CliOutput.Items(health, "channelOrder").Select(e => e.GetString() ?? ""))
        {
            var channel = channels.ValueKind == JsonValueKind.Object && channels.TryGetProperty(id, out var ch) ? ch : default;
            var label = health.TryGetProperty("channelLabels", out var labels) && labels.TryGetProperty(id, out var l) ? l.GetString() : id;
            var configured = channel.ValueKind == JsonValueKind.Object && channel.TryGetProperty("configured", out var cf) && cf.ValueKind == JsonValueKind.True;
            var probe = channel.ValueKind == JsonValueKind.Object && channel.TryGetProperty("probe", out var p) ? p : default;
            var line = !configured ? "not configured"
                : probe.ValueKind == JsonValueKind.Object && probe.TryGetProperty("ok", out var pok) && pok.ValueKind == JsonValueKind.False
                    ? $"failed - {CliOutput.Str(probe, "error")}"
                    : "ok";
            AnsiConsole.WriteLine($"{label}: {line}");
        }

        foreach (var agent in CliOutput.Items(health, "agents"))
        {
            var sessions = agent.TryGetProperty("sessions", out var s) ? s : default;
            AnsiConsole.WriteLine($"Agent {CliOutput.Str(agent, "agentId")}{(CliOutput.Str(agent, "isDefault") == "True" ? " (default)" : "")}: " +
                $"{CliOutput.Str(sessions, "count")} sessions ({CliOutput.Str(sessions, "path")})");
        }
    }
}
