using System.CommandLine;
using System.Text.Json;
using OpenClaw.Cli.Gateway;
using OpenClaw.GatewayClient;

namespace OpenClaw.Cli.Commands;

/// <summary><c>openclaw logs [--follow] [--limit n] [--json]</c>: the gateway's file log through <c>logs.tail</c>.</summary>
internal static class LogsCommand
{
    public static Command Create()
    {
        var gateway = new GatewayOptions();
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines until Ctrl+C" };
        var limit = new Option<int>("--limit") { Description = "Lines to show first", DefaultValueFactory = _ => 200 };
        var interval = new Option<int>("--interval") { Description = "Poll interval in ms with --follow", DefaultValueFactory = _ => 1000 };
        var plain = new Option<bool>("--plain") { Description = "Print lines exactly as written (no decoration)" };
        var command = new Command("logs", "Show the gateway's log (tail, or --follow)") { follow, limit, interval, plain };
        gateway.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var json = parse.GetValue(gateway.Json);
            GatewayTarget? target = null;
            try
            {
                target = gateway.Target(parse);
                using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                connectTimeout.CancelAfter(TimeSpan.FromMilliseconds(Math.Max(1, parse.GetValue(gateway.Timeout))));
                await using var connection = await GatewayOptions.ConnectAsync(target, "logs.tail", connectTimeout.Token);
                long? cursor = null;
                var first = true;
                while (!ct.IsCancellationRequested)
                {
                    object request = cursor is { } c ? new { cursor = c, limit = 5000 } : new { limit = parse.GetValue(limit) };
                    var tail = await connection.RequestAsync("logs.tail", JsonSerializer.SerializeToElement(request), false, ct);
                    if (first && json)
                    {
                        CliOutput.WriteCompactJson(new { type = "meta", file = CliOutput.Str(tail, "file"), cursor = tail.GetProperty("cursor").GetInt64() });
                    }

                    if (CliOutput.Str(tail, "reset") == "True")
                    {
                        Console.Error.WriteLine("(log file rotated or truncated)");
                    }

                    foreach (var line in CliOutput.Items(tail, "lines"))
                    {
                        if (json)
                        {
                            CliOutput.WriteCompactJson(new { type = "log", line = line.GetString() });
                        }
                        else
                        {
                            Console.Out.WriteLine(line.GetString());
                        }
                    }

                    if (first && !json && !parse.GetValue(plain) && CliOutput.Items(tail, "lines").Any() is false)
                    {
                        Console.Error.WriteLine($"No log lines yet in {CliOutput.Str(tail, "file")}.");
                    }

                    first = false;
                    cursor = tail.GetProperty("cursor").GetInt64();
                    if (!parse.GetValue(follow))
                    {
                        return 0;
                    }

                    Console.Out.Flush();
                    await Task.Delay(Math.Max(100, parse.GetValue(interval)), ct);
                }

                return 0;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return 0;
            }
            catch (OperationCanceledException ex)
            {
                return CliOutput.Fail(new GatewayTransportException($"gateway timeout after {parse.GetValue(gateway.Timeout)}ms calling logs.tail at {target?.Url}", reason: null, inner: ex), json, target);
            }
            catch (GatewayException ex)
            {
                return CliOutput.Fail(ex, json, target);
            }
        });
        return command;
    }
}
