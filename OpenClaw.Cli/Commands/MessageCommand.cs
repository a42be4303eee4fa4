using System.CommandLine;
using Spectre.Console;

namespace OpenClaw.Cli.Commands;

/// <summary><c>openclaw message send --channel X --target T --message M</c>: outbound message through the gateway's <c>send</c>.</summary>
internal static class MessageCommand
{
    public static Command Create()
    {
        var group = new Command("message", "Send messages to chat channels");
        group.Subcommands.Add(Send());
        return group;
    }

    private static Command Send()
    {
        var gateway = new GatewayOptions();
        var channel = new Option<string?>("--channel") { Description = "Channel id (telegram, discord, slack, …)" };
        var account = new Option<string?>("--account") { Description = "Channel account id" };
        var target = new Option<string>("--target", "--to") { Description = "Recipient (chat id, user, channel:…)", Required = true };
        var text = new Option<string?>("--message", "--text") { Description = "Message text" };
        var media = new Option<string[]>("--media") { Description = "Media URL or path (repeatable)", AllowMultipleArgumentsPerToken = false };
        var thread = new Option<string?>("--thread-id") { Description = "Thread / topic id" };
        var command = new Command("send", "Send a message") { channel, account, target, text, media, thread };
        gateway.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var mediaUrls = parse.GetValue(media) ?? [];
            if (string.IsNullOrEmpty(parse.GetValue(text)) && mediaUrls.Length == 0)
            {
                Console.Error.WriteLine("Nothing to send: pass --message <text> and/or --media <url>.");
                return Task.FromResult(1);
            }

            var parameters = CliOutput.Params(new
            {
                to = parse.GetValue(target),
                message = parse.GetValue(text),
                mediaUrl = mediaUrls.Length == 1 ? mediaUrls[0] : null,
                mediaUrls = mediaUrls.Length > 1 ? mediaUrls : null,
                channel = parse.GetValue(channel),
                accountId = parse.GetValue(account),
                threadId = parse.GetValue(thread),
                idempotencyKey = Guid.NewGuid().ToString("N"),
            });
            return gateway.CallAsync(parse, "send", parameters, false, result =>
                AnsiConsole.MarkupLine($"[green]Sent[/] via {Markup.Escape(CliOutput.Str(result, "channel"))} to {Markup.Escape(CliOutput.Str(result, "to"))}" +
                    (CliOutput.Str(result, "messageId") is { Length: > 0 } id ? $" (message {Markup.Escape(id)})" : "")), ct);
        });
        return command;
    }
}
