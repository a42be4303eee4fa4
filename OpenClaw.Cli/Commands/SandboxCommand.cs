using System.CommandLine;
using System.Text.Json;
using OpenClaw.Cli.Gateway;
using Spectre.Console;

namespace OpenClaw.Cli.Commands;

/// <summary><c>openclaw sandbox list|recreate|explain</c> (spec §6.4): sandbox containers through the gateway.</summary>
internal static class SandboxCommand
{
    public static Command Create()
    {
        var group = new Command("sandbox", "Manage sandbox containers (Docker-based agent isolation)");
        group.Subcommands.Add(List());
        group.Subcommands.Add(Recreate());
        group.Subcommands.Add(Explain());
        return group;
    }

    private static Command List()
    {
        var gateway = new GatewayOptions();
        var command = new Command("list", "List sandbox containers and their status");
        gateway.AddTo(command);
        command.SetAction((parse, ct) => gateway.CallAsync(parse, "sandbox.list", null, false, RenderList, ct));
        return command;
    }

    private static Command Recreate()
    {
        var gateway = new GatewayOptions();
        var all = new Option<bool>("--all") { Description = "Recreate all sandbox containers" };
        var session = new Option<string?>("--session") { Description = "Recreate the container of one session key" };
        var agent = new Option<string?>("--agent") { Description = "Recreate the containers of one agent" };
        var force = new Option<bool>("--force") { Description = "Skip the confirmation prompt" };
        var command = new Command("recreate", "Remove sandbox containers so they are recreated with the current config on next use")
        {
            all, session, agent, force,
        };
        gateway.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var sessionKey = parse.GetValue(session);
            var agentId = parse.GetValue(agent);
            var everything = parse.GetValue(all);
            var given = (everything ? 1 : 0) + (string.IsNullOrWhiteSpace(sessionKey) ? 0 : 1) + (string.IsNullOrWhiteSpace(agentId) ? 0 : 1);
            if (given != 1)
            {
                Console.Error.WriteLine("Choose exactly one of --all, --session <key> or --agent <id>.");
                return 1;
            }

            var what = everything ? "all sandbox containers" : sessionKey is { Length: > 0 } ? $"the sandbox of session {sessionKey}" : $"the sandboxes of agent {agentId}";
            if (!parse.GetValue(force) && !parse.GetValue(gateway.Json) && !Console.IsInputRedirected
                && !AnsiConsole.Confirm($"Remove {Markup.Escape(what)}? They are recreated on next use.", defaultValue: false))
            {
                Console.Error.WriteLine("Cancelled.");
                return 1;
            }

            var parameters = everything
                ? JsonSerializer.SerializeToElement(new { all = true })
                : sessionKey is { Length: > 0 }
                    ? JsonSerializer.SerializeToElement(new { sessionKey })
                    : JsonSerializer.SerializeToElement(new { agentId });
            return await gateway.CallAsync(parse, "sandbox.recreate", parameters, false, result =>
            {
                var removed = CliOutput.Items(result, "removed").Select(r => r.GetString()).ToList();
                AnsiConsole.MarkupLine(removed.Count == 0
                    ? "No matching sandbox containers."
                    : $"[green]Removed[/] {removed.Count} container(s): {Markup.Escape(string.Join(", ", removed))}. They are recreated on next use.");
            }, ct);
        });
        return command;
    }

    private static Command Explain()
    {
        var gateway = new GatewayOptions();
        var session = new Option<string?>("--session") { Description = "Session key to inspect (defaults to the agent's main session)" };
        var agent = new Option<string?>("--agent") { Description = "Agent id to inspect (defaults to main)" };
        var command = new Command("explain", "Explain the effective sandbox mode, scope and workspace access") { session, agent };
        gateway.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var parameters = new Dictionary<string, string>();
            if (parse.GetValue(session) is { Length: > 0 } s)
            {
                parameters["sessionKey"] = s;
            }

            if (parse.GetValue(agent) is { Length: > 0 } a)
            {
                parameters["agentId"] = a;
            }

            return gateway.CallAsync(parse, "sandbox.explain", JsonSerializer.SerializeToElement(parameters), false, RenderExplain, ct);
        });
        return command;
    }

    private static void RenderList(JsonElement list)
    {
        var containers = CliOutput.Items(list, "containers").ToList();
        if (containers.Count == 0)
        {
            AnsiConsole.WriteLine("No sandbox containers.");
            return;
        }

        var table = new Table().AddColumns("Container", "Session", "Status", "Image", "Config", "Created", "Last used");
        foreach (var c in containers)
        {
            var status = CliOutput.Str(c, "status");
            table.AddRow(Cell(c, "containerName"), Cell(c, "sessionKey"),
                status == "running" ? $"[green]{Markup.Escape(status)}[/]" : Markup.Escape(status),
                Cell(c, "image"), Markup.Escape(Short(CliOutput.Str(c, "configHash"))),
                Age(c, "createdAtMs"), Age(c, "lastUsedAtMs"));
        }

        AnsiConsole.Write(table);
    }

    private static void RenderExplain(JsonElement e)
    {
        var grid = new Grid().AddColumn().AddColumn();
        void Row(string label, string value) => grid.AddRow($"[bold]{label}[/]", Markup.Escape(value));
        Row("Agent", CliOutput.Str(e, "agentId"));
        Row("Session", CliOutput.Str(e, "sessionKey"));
        Row("Mode", CliOutput.Str(e, "mode"));
        Row("Scope", CliOutput.Str(e, "scope"));
        Row("Workspace access", CliOutput.Str(e, "workspaceAccess"));
        Row("Sandboxed", CliOutput.Str(e, "sandboxed") == "True" ? "yes" : "no");
        Row("Why", CliOutput.Str(e, "reason"));
        if (CliOutput.Str(e, "containerName") is { Length: > 0 } name)
        {
            Row("Container", name);
            Row("Image", CliOutput.Str(e, "image"));
        }

        if (e.TryGetProperty("container", out var c) && c.ValueKind == JsonValueKind.Object)
        {
            Row("Exists", CliOutput.Str(c, "exists") == "True" ? (CliOutput.Str(c, "running") == "True" ? "yes, running" : "yes, stopped") : "no (created on next use)");
            if (CliOutput.Str(c, "exists") == "True")
            {
                Row("Config current", CliOutput.Str(c, "configHashMatches") == "True" ? "yes" : "no: run openclaw sandbox recreate to apply the new config");
            }
        }
        else if (CliOutput.Str(e, "containerError") is { Length: > 0 } error)
        {
            Row("Container", $"unknown ({error})");
        }

        AnsiConsole.Write(grid);
    }

    private static string Cell(JsonElement e, string name) => Markup.Escape(CliOutput.Str(e, name));

    private static string Age(JsonElement e, string name) =>
        long.TryParse(CliOutput.Str(e, name), out var ms) && ms > 0 ? CliOutput.Ago(ms) : "-";

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}
