using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace OpenClaw.Cli.Commands;

/// <summary><c>openclaw sessions [list] [--active min] [--limit n]</c>, <c>sessions history &lt;key&gt;</c>, <c>sessions reset &lt;key&gt;</c> (spec §4.7).</summary>
internal static class SessionsCommand
{
    public static Command Create()
    {
        var group = List("sessions", "List sessions (and see history, reset)");
        group.Subcommands.Add(List("list", "List sessions"));
        group.Subcommands.Add(History());
        group.Subcommands.Add(Reset());
        return group;
    }

    private static Command List(string name, string description)
    {
        var gateway = new GatewayOptions();
        var active = new Option<int?>("--active") { Description = "Only sessions active in the last N minutes" };
        var limit = new Option<int?>("--limit") { Description = "At most N sessions" };
        var agent = new Option<string?>("--agent") { Description = "Only this agent's sessions" };
        var command = new Command(name, description) { active, limit, agent };
        gateway.AddTo(command);
        command.SetAction((parse, ct) => gateway.CallAsync(parse, "sessions.list",
            CliOutput.Params(new { activeMinutes = parse.GetValue(active), limit = parse.GetValue(limit), agentId = parse.GetValue(agent) }), false, Render, ct));
        return command;
    }

    private static Command History()
    {
        var gateway = new GatewayOptions();
        var key = new Argument<string>("key") { Description = "Session key (e.g. main or agent:main:main)" };
        var limit = new Option<int>("--limit") { Description = "Last N messages", DefaultValueFactory = _ => 50 };
        var command = new Command("history", "Show a session's messages") { key, limit };
        gateway.AddTo(command);
        command.SetAction((parse, ct) => gateway.CallAsync(parse, "chat.history",
            CliOutput.Params(new { sessionKey = parse.GetValue(key), limit = parse.GetValue(limit) }), false, history =>
            {
                var messages = CliOutput.Items(history, "messages").ToList();
                if (messages.Count == 0)
                {
                    Console.Out.WriteLine($"No messages in {CliOutput.Str(history, "sessionKey")}.");
                    return;
                }

                foreach (var message in messages)
                {
                    var role = CliOutput.Str(message, "role");
                    AnsiConsole.MarkupLine($"[bold]{Markup.Escape(role)}[/]: {Markup.Escape(TextOf(message))}");
                }
            }, ct));
        return command;
    }

    private static Command Reset()
    {
        var gateway = new GatewayOptions();
        var key = new Argument<string>("key") { Description = "Session key to reset (starts a fresh session id)" };
        var command = new Command("reset", "Start a fresh session for a key (the old transcript is kept on disk)") { key };
        gateway.AddTo(command);
        command.SetAction((parse, ct) => gateway.CallAsync(parse, "sessions.reset", CliOutput.Params(new { key = parse.GetValue(key) }), false,
            result => AnsiConsole.MarkupLine($"[green]Reset[/] {Markup.Escape(CliOutput.Str(result, "key"))}: new session " +
                $"{Markup.Escape(CliOutput.Str(result.GetProperty("entry"), "sessionId"))}"), ct));
        return command;
    }

    /// <summary>A message's text: a string content, or the text parts of a content array.</summary>
    public static string TextOf(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content))
        {
            return CliOutput.Str(message, "text");
        }

        return content.ValueKind == JsonValueKind.String
            ? content.GetString() ?? ""
            : string.Join("\n", CliOutput.Items(message, "content").Where(p => CliOutput.Str(p, "type") == "text").Select(p => CliOutput.Str(p, "text")));
    }

    private static void Render(JsonElement list)
    {
        var sessions = CliOutput.Items(list, "sessions").ToList();
        if (sessions.Count == 0)
        {
            Console.Out.WriteLine("No sessions.");
            return;
        }

        var table = new Table().AddColumns("Key", "Kind", "Updated", "Model", "Tokens");
        foreach (var s in sessions)
        {
            table.AddRow(Markup.Escape(CliOutput.Str(s, "key")), Markup.Escape(CliOutput.Str(s, "kind")),
                long.TryParse(CliOutput.Str(s, "updatedAt"), out var at) ? CliOutput.Ago(at) : "-",
                Markup.Escape(CliOutput.Str(s, "model")), Markup.Escape(CliOutput.Str(s, "totalTokens")));
        }

        Console.Out.WriteLine($"Sessions: {sessions.Count} ({CliOutput.Str(list, "path")})");
        AnsiConsole.Write(table);
    }
}
