using System.CommandLine;
using System.Text.Json;
using OpenClaw.Cli.Gateway;
using OpenClaw.GatewayClient;

namespace OpenClaw.Cli.Commands;

/// <summary><c>openclaw agent --message "…" [--agent id] [--session-id key] [--timeout s] [--json]</c>: one agent turn through the gateway.</summary>
internal static class AgentCommand
{
    public static Command Create()
    {
        var gateway = new GatewayOptions();
        var message = new Option<string>("--message", "-m") { Description = "Message for the agent", Required = true };
        var agent = new Option<string?>("--agent") { Description = "Agent id (default agent when omitted)" };
        var session = new Option<string?>("--session-id") { Description = "Session key or id (the agent's main session when omitted)" };
        var to = new Option<string?>("--to") { Description = "Recipient the session is derived from (e.g. +15555550123)" };
        var thinking = new Option<string?>("--thinking") { Description = "Thinking level: off|minimal|low|medium|high" };
        var command = new Command("agent", "Run one agent turn through the gateway and print the reply") { message, agent, session, to, thinking };
        gateway.AddTo(command);
        // Upstream's --timeout for this command is the run timeout in seconds.
        gateway.Timeout.Description = "Timeout in seconds for the agent run";
        gateway.Timeout.DefaultValueFactory = _ => 600;
        command.SetAction(async (parse, ct) =>
        {
            var json = parse.GetValue(gateway.Json);
            GatewayTarget? target = null;
            try
            {
                target = gateway.Target(parse);
                var timeout = parse.GetValue(gateway.Timeout);
                var sessionKey = parse.GetValue(session) ?? (parse.GetValue(to) is { Length: > 0 } peer ? $"agent:{parse.GetValue(agent) ?? "main"}:main:{peer}" : null);
                var parameters = CliOutput.Params(new
                {
                    message = parse.GetValue(message),
                    agentId = parse.GetValue(agent),
                    sessionKey,
                    thinking = parse.GetValue(thinking),
                    timeout,
                    idempotencyKey = Guid.NewGuid().ToString("N"),
                });
                var result = await Hosting.Spinner.RunAsync("Waiting for the agent…", json,
                    () => GatewayOptions.CallRawAsync(target, "agent", parameters, expectFinal: true, (timeout + 30) * 1000, ct));
                var ok = CliOutput.Str(result, "status") == "ok";
                if (json)
                {
                    CliOutput.WriteJson(result);
                    return ok ? 0 : 1;
                }

                if (!ok)
                {
                    var reason = CliOutput.Str(result, "error") is { Length: > 0 } e ? e : CliOutput.Str(result, "summary");
                    throw new CliException("agent run failed: " + System.Text.RegularExpressions.Regex.Replace(reason, @"\s+", " ").Trim());
                }

                var payloads = result.TryGetProperty("result", out var r) ? CliOutput.Items(r, "payloads").ToList() : [];
                foreach (var payload in payloads)
                {
                    Console.Out.WriteLine(CliOutput.Str(payload, "text"));
                }

                if (payloads.Count == 0)
                {
                    Console.Error.WriteLine("(the agent finished without a reply)");
                }

                return 0;
            }
            catch (GatewayException ex)
            {
                return CliOutput.Fail(ex, json, target);
            }
        });
        return command;
    }
}
