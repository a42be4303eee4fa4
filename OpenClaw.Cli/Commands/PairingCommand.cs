using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace OpenClaw.Cli.Commands;

/// <summary><c>openclaw pairing list [channel]</c>, <c>pairing approve &lt;channel&gt; &lt;code&gt; [--notify]</c> (spec §7.2): DM pairing codes.</summary>
internal static class PairingCommand
{
    public static Command Create()
    {
        var group = new Command("pairing", "Approve chat senders who asked for access with a pairing code");
        group.Subcommands.Add(List());
        group.Subcommands.Add(Approve());
        return group;
    }

    private static Command List()
    {
        var gateway = new GatewayOptions();
        var channel = new Argument<string?>("channel") { Description = "Only this channel", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("list", "List pending pairing requests and approved senders") { channel };
        gateway.AddTo(command);
        command.SetAction((parse, ct) => gateway.CallAsync(parse, "pairing.list", CliOutput.Params(new { channel = parse.GetValue(channel) }), false, list =>
        {
            var requests = CliOutput.Items(list, "requests").ToList();
            if (requests.Count == 0)
            {
                Console.Out.WriteLine(parse.GetValue(channel) is { Length: > 0 } c ? $"No pending pairing requests for {c}." : "No pending pairing requests.");
            }
            else
            {
                var table = new Table().AddColumns("Channel", "Code", "Sender", "Account", "Requested");
                foreach (var r in requests)
                {
                    var meta = r.TryGetProperty("meta", out var m) ? m : default;
                    table.AddRow(Cell(r, "channel"), $"[bold]{Cell(r, "code")}[/]", Cell(r, "id"), Markup.Escape(CliOutput.Str(meta, "accountId")),
                        Markup.Escape(DateTimeOffset.TryParse(CliOutput.Str(r, "createdAt"), out var at) ? CliOutput.Ago(at.ToUnixTimeMilliseconds()) : CliOutput.Str(r, "createdAt")));
                }

                AnsiConsole.Write(table);
                Console.Out.WriteLine("Approve with: openclaw pairing approve <channel> <code>");
            }

            var allowed = CliOutput.Items(list, "allowFrom").ToList();
            if (allowed.Count > 0)
            {
                Console.Out.WriteLine($"Approved senders: {string.Join(", ", allowed.Select(a => $"{CliOutput.Str(a, "channel")}:{CliOutput.Str(a, "id")}"))}");
            }
        }, ct));
        return command;
    }

    private static Command Approve()
    {
        var gateway = new GatewayOptions();
        var channel = new Argument<string>("channel") { Description = "Channel id (telegram, discord, slack, …)" };
        var code = new Argument<string>("code") { Description = "The 8-character pairing code the sender received" };
        var account = new Option<string?>("--account") { Description = "Channel account id" };
        var notify = new Option<bool>("--notify") { Description = "Tell the sender they were approved" };
        var command = new Command("approve", "Approve a sender's pairing code (DM access only)") { channel, code, account, notify };
        gateway.AddTo(command);
        command.SetAction((parse, ct) => gateway.CallAsync(parse, "pairing.approve",
            CliOutput.Params(new { channel = parse.GetValue(channel), code = parse.GetValue(code)!.Trim().ToUpperInvariant(), accountId = parse.GetValue(account), notify = parse.GetValue(notify) ? true : (bool?)null }),
            false, result => AnsiConsole.MarkupLine($"[green]Approved[/] {Cell(result, "channel")} sender {Cell(result, "id")}. They can now message the bot directly."), ct));
        return command;
    }

    private static string Cell(JsonElement e, string name) => Markup.Escape(CliOutput.Str(e, name));
}
