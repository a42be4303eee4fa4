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
        var deep = new Option<bool>("--deep") { Description = "Also probe channels and health live" };
        var all = new Option<bool>("--all") { Description = "Everything (same as --deep)" };
        var command = new Command("status", "Show gateway status: reachability, version, sessions") { deep, all };
        gateway.AddTo(command);
        command.SetAction((parse, ct) => parse.GetValue(deep) || parse.GetValue(all)
            ? DeepAsync(gateway, parse, ct)
            : gateway.CallAsync(parse, "status", null, expectFinal: false, Render, ct));
        return command;
    }

    /// <summary><c>--deep</c>: status, a live health probe and channel status in one report (and one JSON object).</summary>
    private static async Task<int> DeepAsync(GatewayOptions gateway, ParseResult parse, CancellationToken ct)
    {
        var json = parse.GetValue(gateway.Json);
        Gateway.GatewayTarget? target = null;
        try
        {
            target = gateway.Target(parse);
            var timeout = parse.GetValue(gateway.Timeout);
            var resolved = target;
            var (status, health, channels) = await Hosting.Spinner.RunAsync("Probing the gateway…", json, async () =>
                (await GatewayOptions.CallRawAsync(resolved, "status", null, false, timeout, ct),
                 await GatewayOptions.CallRawAsync(resolved, "health", JsonSerializer.SerializeToElement(new { probe = true }), false, timeout, ct),
                 await GatewayOptions.CallRawAsync(resolved, "channels.status", JsonSerializer.SerializeToElement(new { probe = true }), false, timeout, ct)));
            if (json)
            {
                var combined = System.Text.Json.Nodes.JsonNode.Parse(status.GetRawText())!.AsObject();
                combined["health"] = System.Text.Json.Nodes.JsonNode.Parse(health.GetRawText());
                combined["channelsStatus"] = System.Text.Json.Nodes.JsonNode.Parse(channels.GetRawText());
                CliOutput.WriteJson(combined);
                return 0;
            }

            Render(status);
            var ok = health.TryGetProperty("ok", out var o) && o.ValueKind == JsonValueKind.True;
            AnsiConsole.MarkupLine($"Health: {(ok ? "[green]ok[/]" : "[red]failed[/]")}");
            foreach (var id in CliOutput.Items(channels, "channelOrder").Select(c => c.GetString() ?? ""))
            {
                var accounts = channels.GetProperty("channelAccounts").TryGetProperty(id, out var list) ? list.EnumerateArray().ToList() : [];
                foreach (var account in accounts)
                {
                    var state = CliOutput.Str(account, "lastError") is { Length: > 0 } error ? $"error: {error}"
                        : CliOutput.Str(account, "connected") == "True" ? "connected"
                        : CliOutput.Str(account, "running") == "True" ? "running" : "not running";
                    Console.Out.WriteLine($"Channel {id} ({CliOutput.Str(account, "accountId")}): {state}");
                }
            }

            return 0;
        }
        catch (OpenClaw.GatewayClient.GatewayException ex)
        {
            return CliOutput.Fail(ex, json, target);
        }
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
