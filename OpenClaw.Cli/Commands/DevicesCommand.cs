using System.CommandLine;
using System.Text.Json;
using OpenClaw.Cli.Gateway;
using Spectre.Console;

namespace OpenClaw.Cli.Commands;

/// <summary><c>openclaw devices list|approve|reject|revoke|remove</c> (spec §2.3): device pairing through the gateway.</summary>
internal static class DevicesCommand
{
    public static Command Create()
    {
        var group = new Command("devices", "Manage device pairing (browsers, CLIs, apps)");
        group.Subcommands.Add(List());
        group.Subcommands.Add(Approve());
        group.Subcommands.Add(Reject());
        group.Subcommands.Add(Revoke());
        group.Subcommands.Add(Remove());
        return group;
    }

    private static Command List()
    {
        var gateway = new GatewayOptions();
        var command = new Command("list", "List pending and paired devices");
        gateway.AddTo(command);
        command.SetAction((parse, ct) => gateway.CallAsync(parse, "device.pair.list", null, false, RenderList, ct));
        return command;
    }

    private static Command Approve()
    {
        var gateway = new GatewayOptions();
        var requestId = new Argument<string?>("requestId") { Description = "Pending request id", Arity = ArgumentArity.ZeroOrOne };
        var latest = new Option<bool>("--latest") { Description = "Show the most recent pending request to approve explicitly" };
        var command = new Command("approve", "Approve a pending device pairing request") { requestId, latest };
        gateway.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var id = parse.GetValue(requestId);
            if (string.IsNullOrWhiteSpace(id))
            {
                // Like upstream: never approve blindly; show the newest request and how to approve it.
                return await gateway.CallAsync(parse, "device.pair.list", null, false, list =>
                {
                    var newest = CliOutput.Items(list, "pending").OrderByDescending(p => p.GetProperty("ts").GetInt64()).FirstOrDefault();
                    Console.Error.WriteLine(newest.ValueKind == JsonValueKind.Undefined
                        ? "No pending device requests."
                        : $"Newest pending request: {CliOutput.Str(newest, "requestId")} ({CliOutput.Str(newest, "clientId")}, device " +
                          $"{CliOutput.Str(newest, "deviceId")[..12]}…, scopes {CliOutput.Join(newest, "scopes")}). " +
                          $"Approve it with: openclaw devices approve {CliOutput.Str(newest, "requestId")}");
                }, ct) is var code && code != 0 ? code : 1;
            }

            return await gateway.CallAsync(parse, "device.pair.approve", JsonSerializer.SerializeToElement(new { requestId = id }), false,
                result => AnsiConsole.MarkupLine($"[green]Approved[/] {Markup.Escape(CliOutput.Str(result.GetProperty("device"), "deviceId"))} " +
                    $"(request {Markup.Escape(id!)})"), ct);
        });
        return command;
    }

    private static Command Reject()
    {
        var gateway = new GatewayOptions();
        var requestId = new Argument<string>("requestId") { Description = "Pending request id" };
        var command = new Command("reject", "Reject a pending device pairing request") { requestId };
        gateway.AddTo(command);
        command.SetAction((parse, ct) => gateway.CallAsync(parse, "device.pair.reject",
            JsonSerializer.SerializeToElement(new { requestId = parse.GetValue(requestId) }), false,
            result => AnsiConsole.MarkupLine($"[yellow]Rejected[/] {Markup.Escape(CliOutput.Str(result, "requestId"))}"), ct));
        return command;
    }

    private static Command Revoke()
    {
        var gateway = new GatewayOptions();
        var device = new Option<string>("--device") { Description = "Device id", Required = true };
        var role = new Option<string>("--role") { Description = "Role whose token to revoke (operator, node)", DefaultValueFactory = _ => "operator" };
        var command = new Command("revoke", "Revoke a paired device's token for one role") { device, role };
        gateway.AddTo(command);
        command.SetAction((parse, ct) => gateway.CallAsync(parse, "device.token.revoke",
            JsonSerializer.SerializeToElement(new { deviceId = parse.GetValue(device), role = parse.GetValue(role) }), false,
            _ => AnsiConsole.MarkupLine($"[yellow]Revoked[/] the {Markup.Escape(parse.GetValue(role)!)} token of {Markup.Escape(parse.GetValue(device)!)}. " +
                "The device must pair again to reconnect."), ct));
        return command;
    }

    private static Command Remove()
    {
        var gateway = new GatewayOptions();
        var device = new Argument<string>("deviceId") { Description = "Paired device id" };
        var command = new Command("remove", "Remove a paired device") { device };
        gateway.AddTo(command);
        command.SetAction((parse, ct) => gateway.CallAsync(parse, "device.pair.remove",
            JsonSerializer.SerializeToElement(new { deviceId = parse.GetValue(device) }), false,
            _ => AnsiConsole.MarkupLine($"[yellow]Removed[/] device {Markup.Escape(parse.GetValue(device)!)}"), ct));
        return command;
    }

    private static void RenderList(JsonElement list)
    {
        var pending = CliOutput.Items(list, "pending").ToList();
        var paired = CliOutput.Items(list, "paired").ToList();
        if (pending.Count == 0 && paired.Count == 0)
        {
            AnsiConsole.WriteLine("No device pairing entries.");
            return;
        }

        if (pending.Count > 0)
        {
            AnsiConsole.WriteLine($"Pending ({pending.Count})");
            var table = new Table().AddColumns("Request", "Device", "Client", "Requested", "Age", "Status");
            foreach (var p in pending)
            {
                table.AddRow(Cell(p, "requestId"), Cell(p, "deviceId"), Cell(p, "clientId"),
                    Markup.Escape($"roles: {CliOutput.Join(p, "roles")}; scopes: {CliOutput.Join(p, "scopes")}"),
                    CliOutput.Ago(p.GetProperty("ts").GetInt64()), CliOutput.Str(p, "isRepair") == "True" ? "repair" : "new");
            }

            AnsiConsole.Write(table);
        }

        if (paired.Count > 0)
        {
            AnsiConsole.WriteLine($"Paired ({paired.Count})");
            var table = new Table().AddColumns("Device", "Device ID", "Roles", "Scopes", "Tokens", "IP");
            foreach (var d in paired)
            {
                var tokens = string.Join(", ", CliOutput.Items(d, "tokens")
                    .Select(t => CliOutput.Str(t, "role") + (CliOutput.Str(t, "revokedAtMs").Length > 0 ? " (revoked)" : "")));
                table.AddRow(Markup.Escape(CliOutput.Str(d, "displayName") is { Length: > 0 } name ? name : CliOutput.Str(d, "clientId")),
                    Cell(d, "deviceId"), Markup.Escape(CliOutput.Join(d, "roles")), Markup.Escape(CliOutput.Join(d, "scopes")),
                    Markup.Escape(tokens), Cell(d, "remoteIp"));
            }

            AnsiConsole.Write(table);
        }
    }

    private static string Cell(JsonElement e, string name) => Markup.Escape(CliOutput.Str(e, name));
}
