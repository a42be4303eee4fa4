using System.CommandLine;
using System.Text.Json;
using OpenClaw.Cli.Gateway;

namespace OpenClaw.Cli.Commands;

/// <summary><c>openclaw gateway call &lt;method&gt; [--params json] [--expect-final]</c>: any RPC, raw payload out.</summary>
internal static class GatewayCallCommand
{
    public static Command CreateGroup()
    {
        var group = new Command("gateway", "Talk to the gateway over its WebSocket protocol");
        group.Subcommands.Add(GatewayRunCommand.Create());
        group.Subcommands.Add(Create());
        group.Subcommands.Add(HealthCommand.Create());
        return group;
    }

    private static Command Create()
    {
        var gateway = new GatewayOptions();
        var method = new Argument<string>("method") { Description = "Method name (health/status/system-presence/cron.*)" };
        var parameters = new Option<string>("--params") { Description = "JSON object string for params", DefaultValueFactory = _ => "{}" };
        var expectFinal = new Option<bool>("--expect-final") { Description = "Wait for final response (agent)" };
        var command = new Command("call", "Call a Gateway method") { method, parameters, expectFinal };
        gateway.AddTo(command);
        command.SetAction((parse, ct) =>
        {
            var raw = parse.GetValue(parameters) ?? "{}";
            JsonElement element;
            try
            {
                element = JsonDocument.Parse(raw).RootElement.Clone();
            }
            catch (JsonException ex)
            {
                return Task.FromResult(CliOutput.Fail(new CliException($"--params is not valid JSON: {ex.Message}"), parse.GetValue(gateway.Json), null));
            }

            if (element.ValueKind != JsonValueKind.Object)
            {
                return Task.FromResult(CliOutput.Fail(new CliException("--params must be a JSON object, e.g. '{\"sessionKey\":\"main\"}'"),
                    parse.GetValue(gateway.Json), null));
            }

            return gateway.CallAsync(parse, parse.GetValue(method)!, element, parse.GetValue(expectFinal), payload => CliOutput.WriteJson(payload), ct,
                methodNamedByUser: true);
        });
        return command;
    }
}
