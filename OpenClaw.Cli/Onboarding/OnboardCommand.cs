using System.CommandLine;
using System.Security.Cryptography;
using OpenClaw.Cli.Commands;
using OpenClaw.Cli.Hosting;
using OpenClaw.Cli.Gateway;
using OpenClaw.GatewayClient;
using Spectre.Console;

namespace OpenClaw.Cli.Onboarding;

/// <summary>
/// <c>openclaw onboard</c>: the setup wizard. Interactive (Spectre prompts) on a terminal; <c>--non-interactive
/// --accept-risk</c> with upstream's flags for scripts. Writes <c>openclaw.json</c>, <c>.env</c> and the workspace.
/// </summary>
internal static class OnboardCommand
{
    public static Command Create()
    {
        var o = new OnboardOptions();
        var command = new Command("onboard", "Set up the gateway, a model provider, a first channel and the workspace");
        o.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var json = parse.GetValue(o.Json);
            try
            {
                var nonInteractive = parse.GetValue(o.NonInteractive);
                if (!nonInteractive && !GlobalFlags.IsInteractive)
                {
                    throw new CliException("onboard needs a terminal for its prompts; for scripts use: openclaw onboard --non-interactive --accept-risk [flags]");
                }

                if (nonInteractive && !parse.GetValue(o.AcceptRisk))
                {
                    throw new CliException("non-interactive onboarding needs --accept-risk: agents can run tools on this machine (see docs/cli.md, Security)");
                }

                var answers = await o.FromFlagsAsync(parse, ct);
                if (!nonInteractive)
                {
                    await OnboardPrompts.AskAsync(answers, parse, o, ct);
                }
                else
                {
                    await o.CompleteNonInteractiveAsync(answers, parse, ct);
                }

                var result = OnboardWriter.Write(answers);
                Print(result, answers, json);
                return 0;
            }
            catch (GatewayException ex)
            {
                return CliOutput.Fail(ex, json, null);
            }
            catch (IOException ex)
            {
                return CliOutput.Fail(new CliException($"{ex.Message} (check that the state directory is writable)"), json, null);
            }
            catch (UnauthorizedAccessException ex)
            {
                return CliOutput.Fail(new CliException($"{ex.Message} (check the permissions of {CliPaths.StateDir})"), json, null);
            }
        });
        return command;
    }

    /// <summary>32 random bytes as 64 hex characters, like upstream's generated gateway token.</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private static void Print(OnboardResult result, OnboardAnswers answers, bool json)
    {
        if (json)
        {
            CliOutput.WriteJson(new
            {
                ok = true,
                configPath = result.ConfigPath,
                mode = answers.Mode,
                gateway = new { port = answers.Port, bind = answers.Bind, auth = answers.Auth },
                provider = answers.Provider,
                workspace = answers.Workspace,
                keys = result.Keys.Select(k => new { key = k.Key, value = k.Value }),
                files = result.Files,
            });
            return;
        }

        AnsiConsole.MarkupLine($"[green]Wrote[/] {Markup.Escape(result.ConfigPath)}:");
        foreach (var (key, value) in result.Keys)
        {
            Console.Out.WriteLine($"  {key} = {value}");
        }

        foreach (var file in result.Files)
        {
            Console.Out.WriteLine($"Created {file}");
        }

        if (answers.Provider == "skip")
        {
            Console.Out.WriteLine("No model provider set: agents cannot answer until you set one (openclaw onboard again, or openclaw config set agents.defaults.model.primary provider/model).");
        }

        if (answers.Mode == "local")
        {
            Console.Out.WriteLine($"Next: openclaw gateway run, then openclaw dashboard (Control UI at http://127.0.0.1:{answers.Port}/).");
        }
    }
}
