using System.CommandLine;
using OpenClaw.Cli.Gateway;
using OpenClaw.GatewayClient;
using QRCoder;

namespace OpenClaw.Cli.Commands;

/// <summary>
/// <c>openclaw channels login --channel X</c>: QR-linked channels (WhatsApp Web and the like) get the gateway's
/// login QR (<c>web.login.start</c>) printed in the terminal; token channels are told how to add their token.
/// </summary>
internal static class ChannelLogin
{
    public static Command Create()
    {
        var gateway = new GatewayOptions();
        var channel = new Option<string>("--channel") { Description = "Channel to link (whatsapp)", DefaultValueFactory = _ => "whatsapp" };
        var account = new Option<string?>("--account") { Description = "Account id" };
        var command = new Command("login", "Link a channel that logs in by QR code") { channel, account };
        gateway.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var id = parse.GetValue(channel)!.Trim().ToLowerInvariant();
            var json = parse.GetValue(gateway.Json);
            if (KnownChannels.Supported.Contains(id))
            {
                return CliOutput.Fail(new CliException($"{id} has no QR login: it uses a bot token. Run: openclaw channels add --channel {id} --token <token>"), json, null);
            }

            if (!KnownChannels.QrLogin.Contains(id))
            {
                return CliOutput.Fail(new CliException($"unknown channel '{id}' for login: QR login is for {string.Join(", ", KnownChannels.QrLogin)}; token channels ({string.Join(", ", KnownChannels.Supported)}) use openclaw channels add"), json, null);
            }

            return await gateway.CallAsync(parse, "web.login.start", CliOutput.Params(new { channel = id, accountId = parse.GetValue(account) }), false, result =>
            {
                var qr = CliOutput.Str(result, "qr");
                if (qr.Length == 0)
                {
                    Console.Out.WriteLine(CliOutput.Str(result, "message") is { Length: > 0 } m ? m : "Already linked.");
                    return;
                }

                Console.Out.WriteLine(RenderQr(qr));
                Console.Out.WriteLine($"Scan this QR code with {id} (Linked devices), then check: openclaw channels status");
            }, ct);
        });
        return command;
    }

    /// <summary>A QR code as text blocks a terminal can show and a phone can scan.</summary>
    public static string RenderQr(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.L);
        using var code = new AsciiQRCode(data);
        return code.GetGraphicSmall();
    }
}
