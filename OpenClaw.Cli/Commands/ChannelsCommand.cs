using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenClaw.Cli.Config;
using OpenClaw.Cli.Gateway;
using Spectre.Console;

namespace OpenClaw.Cli.Commands;

/// <summary>
/// <c>openclaw channels list|status|add|remove|login</c> (spec §7.5). list/add/remove edit <c>openclaw.json</c>
/// (comments kept); status asks the gateway; login is for QR-linked channels.
/// </summary>
internal static class ChannelsCommand
{
    public static Command Create()
    {
        var group = new Command("channels", "Chat channel accounts (Telegram, Discord, Slack)");
        group.Subcommands.Add(List());
        group.Subcommands.Add(Status());
        group.Subcommands.Add(Add());
        group.Subcommands.Add(Remove());
        group.Subcommands.Add(ChannelLogin.Create());
        return group;
    }

    private static Command List()
    {
        var json = new Option<bool>("--json") { Description = "Output JSON" };
        var command = new Command("list", "List configured channels and accounts") { json };
        command.SetAction(parse => ConfigCommand.Run(parse.GetValue(json), () =>
        {
            var file = ConfigFile.Load();
            var rows = new List<(string Channel, string Account, bool Enabled, bool HasToken)>();
            foreach (var (channel, node) in file.Root["channels"] as JsonObject ?? [])
            {
                if (channel is "defaults" or "modelByChannel" || node is not JsonObject section)
                {
                    continue;
                }

                var enabled = section["enabled"] is not JsonValue e || e.GetValueKind() != JsonValueKind.False;
                if (section["accounts"] is JsonObject accounts && accounts.Count > 0)
                {
                    rows.AddRange(accounts.Select(a => (channel, a.Key, enabled && a.Value?["enabled"]?.GetValueKind() != JsonValueKind.False,
                        KnownChannels.HasToken(channel, a.Value as JsonObject) || KnownChannels.HasToken(channel, section))));
                }
                else
                {
                    rows.Add((channel, "default", enabled, KnownChannels.HasToken(channel, section)));
                }
            }

            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(new { path = file.Path, channels = rows.Select(r => new { channel = r.Channel, accountId = r.Account, enabled = r.Enabled, tokenConfigured = r.HasToken }) });
                return;
            }

            if (rows.Count == 0)
            {
                Console.Out.WriteLine("No channels configured. Add one with: openclaw channels add --channel telegram --token <bot token>");
                return;
            }

            var table = new Table().AddColumns("Channel", "Account", "Enabled", "Token");
            foreach (var r in rows)
            {
                table.AddRow(Markup.Escape(r.Channel), Markup.Escape(r.Account), r.Enabled ? "yes" : "no", r.HasToken ? "configured" : "[yellow]missing[/]");
            }

            AnsiConsole.Write(table);
        }));
        return command;
    }

    private static Command Status()
    {
        var gateway = new GatewayOptions();
        var probe = new Option<bool>("--probe") { Description = "Probe each account live" };
        var command = new Command("status", "Channel status from the running gateway") { probe };
        gateway.AddTo(command);
        command.SetAction((parse, ct) => gateway.CallAsync(parse, "channels.status", parse.GetValue(probe) ? CliOutput.Params(new { probe = true }) : null, false, status =>
        {
            var order = CliOutput.Items(status, "channelOrder").Select(c => c.GetString() ?? "").ToList();
            if (order.Count == 0)
            {
                Console.Out.WriteLine("No channels configured. Add one with: openclaw channels add --channel telegram --token <bot token>");
                return;
            }

            var accountsByChannel = status.TryGetProperty("channelAccounts", out var a) ? a : default;
            foreach (var channel in order)
            {
                var accounts = accountsByChannel.ValueKind == JsonValueKind.Object && accountsByChannel.TryGetProperty(channel, out var list) && list.ValueKind == JsonValueKind.Array
                    ? list.EnumerateArray().ToList() : [];
                foreach (var account in accounts.DefaultIfEmpty())
                {
                    var state = account.ValueKind != JsonValueKind.Object ? "configured"
                        : CliOutput.Str(account, "lastError") is { Length: > 0 } error ? $"error: {error}"
                        : CliOutput.Str(account, "connected") == "True" ? "connected"
                        : CliOutput.Str(account, "running") == "True" ? "running"
                        : CliOutput.Str(account, "configured") == "False" ? "not configured" : "stopped";
                    Console.Out.WriteLine($"{channel} {(account.ValueKind == JsonValueKind.Object ? CliOutput.Str(account, "accountId") : "default")}: {state}");
                }
            }

            foreach (var issue in CliOutput.Items(status, "statusIssues"))
            {
                Console.Out.WriteLine($"! {CliOutput.Str(issue, "channel")} {CliOutput.Str(issue, "accountId")}: {CliOutput.Str(issue, "message")}");
            }
        }, ct));
        return command;
    }

    private static Command Add()
    {
        var channel = new Option<string>("--channel") { Description = "telegram | discord | slack", Required = true };
        var token = new Option<string?>("--token") { Description = "Bot token" };
        var appToken = new Option<string?>("--app-token") { Description = "Slack app-level token (Socket Mode)" };
        var tokenFile = new Option<string?>("--token-file") { Description = "Telegram: read the bot token from this file" };
        var account = new Option<string?>("--account") { Description = "Account id (for a second bot of the same channel)" };
        var name = new Option<string?>("--name") { Description = "Display name of the account" };
        var json = new Option<bool>("--json") { Description = "Output JSON" };
        var command = new Command("add", "Add or update a channel account in openclaw.json") { channel, token, appToken, tokenFile, account, name, json };
        command.SetAction(parse => ConfigCommand.Run(parse.GetValue(json), () =>
        {
            var id = KnownChannels.Require(parse.GetValue(channel)!);
            var file = ConfigFile.Load();
            var values = KnownChannels.TokenKeys(id, parse.GetValue(token), parse.GetValue(appToken), parse.GetValue(tokenFile));
            if (parse.GetValue(name) is { Length: > 0 } label)
            {
                values["name"] = label;
            }

            var accountId = parse.GetValue(account);
            List<object> basePath = accountId is { Length: > 0 } ? ["channels", id, "accounts", accountId] : ["channels", id];
            foreach (var (key, value) in values)
            {
                file.Document.Set([.. basePath, key], JsonValue.Create(value));
            }

            if (file.Document.Get(["channels", id, "enabled"]) is JsonValue enabled && enabled.GetValueKind() == JsonValueKind.False)
            {
                file.Document.Set(["channels", id, "enabled"], JsonValue.Create(true));
            }

            var issues = ConfigValidation.Validate(file.Document.Root);
            if (issues.Count > 0)
            {
                throw new CliException($"not saved, the gateway would refuse this config: {issues[0]}");
            }

            file.Save();
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(new { ok = true, channel = id, accountId = accountId ?? "default", path = file.Path });
                return;
            }

            AnsiConsole.MarkupLine($"[green]Added[/] {id} ({Markup.Escape(accountId ?? "default")} account) to {Markup.Escape(file.Path)}.");
            Console.Out.WriteLine($"Start it with the gateway (openclaw gateway run) and the {id} worker; check with: openclaw channels status");
        }));
        return command;
    }

    private static Command Remove()
    {
        var channel = new Option<string>("--channel") { Description = "Channel id", Required = true };
        var account = new Option<string?>("--account") { Description = "Only this account" };
        var delete = new Option<bool>("--delete") { Description = "Delete the settings (default: disable only)" };
        var json = new Option<bool>("--json") { Description = "Output JSON" };
        var command = new Command("remove", "Disable (or --delete) a channel or account") { channel, account, delete, json };
        command.SetAction(parse => ConfigCommand.Run(parse.GetValue(json), () =>
        {
            var id = KnownChannels.Require(parse.GetValue(channel)!);
            var file = ConfigFile.Load();
            var accountId = parse.GetValue(account);
            List<object> path = accountId is { Length: > 0 } ? ["channels", id, "accounts", accountId] : ["channels", id];
            if (!file.Document.Has(path))
            {
                throw new CliException($"{ConfigPath.Format(path)} is not configured in {file.Path}; see: openclaw channels list");
            }

            if (parse.GetValue(delete))
            {
                file.Document.Unset(path);
            }
            else
            {
                file.Document.Set([.. path, "enabled"], JsonValue.Create(false));
            }

            file.Save();
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(new { ok = true, channel = id, accountId, deleted = parse.GetValue(delete), path = file.Path });
                return;
            }

            AnsiConsole.MarkupLine($"{(parse.GetValue(delete) ? "Deleted" : "Disabled")} {Markup.Escape(ConfigPath.Format(path))} in {Markup.Escape(file.Path)}.");
        }));
        return command;
    }
}
